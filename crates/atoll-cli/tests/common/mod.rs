//! Test harness: the moto emulator (see moto.rs) and the real `atoll` binary.

#![allow(dead_code)]

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

mod moto;
#[allow(unused_imports)]
pub use moto::{Moto, emulator_env, python, repo_root};
mod proxy;
#[allow(unused_imports)]
pub use proxy::FaultProxy;

/// The `atoll` binary with emulator credentials and no ~/.aws files, so the
/// test never touches a real account.
pub fn atoll() -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_atoll"));
    command
        .env("AWS_ACCESS_KEY_ID", "testing")
        .env("AWS_SECRET_ACCESS_KEY", "testing")
        .env("AWS_REGION", "eu-west-1")
        .env("AWS_CONFIG_FILE", "/nonexistent/atoll-test-config")
        .env(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/atoll-test-credentials",
        )
        .env_remove("AWS_PROFILE")
        .env_remove("AWS_ENDPOINT_URL")
        .env_remove("ATOLL_DB");
    command
}

pub fn run(command: &mut Command) -> Output {
    let output = command.output().expect("run atoll");
    eprintln!("--- stdout\n{}", String::from_utf8_lossy(&output.stdout));
    eprintln!("--- stderr\n{}", String::from_utf8_lossy(&output.stderr));
    output
}

/// The text of a PDF, by pdftotext (poppler-utils).
pub fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) installed");
    assert!(out.status.success(), "pdftotext reads the report");
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn read_json(path: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("JSON output written"))
        .expect("valid JSON")
}

// Beside moto.rs, not in it: the desktop crate's test includes moto.rs and
// has no atoll-aws.
impl Moto {
    /// The real collectors, connected to this emulator, over the two regions
    /// the planting scripts fill: the connection (with its call log) and what
    /// it collected.
    pub async fn collect_planted_regions(
        &self,
    ) -> (atoll_aws::credentials::Connection, atoll_aws::Collection) {
        let target = atoll_aws::ScanTarget {
            endpoint_url: Some(self.endpoint.clone()),
            ..Default::default()
        };
        let conn = atoll_aws::connect(&target)
            .await
            .expect("connect to the emulator");
        let regions = vec!["eu-west-1".to_string(), "us-east-1".to_string()];
        let collection = atoll_aws::collect(&conn, &regions, 8, &|_| {})
            .await
            .expect("collect");
        (conn, collection)
    }
}
