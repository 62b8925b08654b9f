#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    taalentio::runtime::run_job(watchlist_alerts::handle).await
}
