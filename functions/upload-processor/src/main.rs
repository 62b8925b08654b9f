#[tokio::main]
async fn main() -> Result<(), lambda_runtime::Error> {
    taalentio::runtime::run_job(upload_processor::handle).await
}
