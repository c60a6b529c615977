fn main() {
    // sqlx::migrate! embeds ./migrations: a new or edited migration rebuilds the crate.
    println!("cargo:rerun-if-changed=migrations");
}
