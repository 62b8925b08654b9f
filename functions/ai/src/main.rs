#[tokio::main]
async fn main() -> Result<(), lambda_http::Error> {
    taalentio::runtime::run_http(ai::router).await
}
