//! Prints the OpenAPI document of every route group, for the front end's type generation:
//! `cargo run -q -p meta --bin openapi > web/openapi.json`.

fn main() {
    println!("{}", meta::openapi_document());
}
