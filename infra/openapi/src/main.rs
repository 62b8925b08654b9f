//! Writes the OpenAPI document of every route group where the `meta` function serves it from:
//! `cargo run -q -p taalentio-openapi` (or `infra/local/web.sh schema`, which also regenerates
//! the front end's types). `tests/api/openapi.rs` fails while the written file is stale.

fn main() -> std::io::Result<()> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../functions/meta/openapi.json"
    );
    std::fs::write(path, taalentio_openapi::document())?;
    eprintln!("wrote functions/meta/openapi.json");
    Ok(())
}
