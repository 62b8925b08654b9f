#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    taalentio::runtime::run_job(maintenance::handle).await
}
