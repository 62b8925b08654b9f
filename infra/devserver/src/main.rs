//! `make dev`: migrate, seed the demo data, and serve everything on 127.0.0.1:$PORT.

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    taalentio::telemetry::init();
    taalentio_dev::run().await
}
