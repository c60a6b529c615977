//! The committed TypeScript bindings are what the Rust types generate.

use std::path::PathBuf;

#[test]
fn the_committed_typescript_bindings_are_fresh() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../ui/src/lib/bindings.ts");
    let generated = atoll_desktop::bindings::typescript();
    if std::env::var_os("ATOLL_UPDATE_BINDINGS").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "{} is stale: run `ATOLL_UPDATE_BINDINGS=1 cargo test --workspace --test bindings` and commit it",
        path.display()
    );
}
