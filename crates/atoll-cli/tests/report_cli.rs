//! `atoll report` end to end on stored scans: the binary writes the PDF and the exports; the PDF's text holds every
//! section. No AWS: the scans are stored by the test fixture.

#[path = "../../atoll-report/tests/common/mod.rs"]
mod common;

use std::path::PathBuf;
use std::process::Command;

use atoll_report::pdf::SECTION_TITLES;
use common::*;

/// The `atoll` binary cargo built for this test.
fn atoll() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_atoll"))
}

#[tokio::test]
async fn atoll_report_writes_pdf_and_exports() {
    let fx = fixture().await;
    let out = tempfile::tempdir().unwrap();
    let file = |name: &str| out.path().join(name);
    let status = Command::new(atoll())
        .args(["report", "--scan", &fx.current.to_string()])
        .args(["--baseline", &fx.baseline.to_string()])
        .arg("--pdf")
        .arg(file("report.pdf"))
        .arg("--csv")
        .arg(file("findings.csv"))
        .arg("--xlsx")
        .arg(file("report.xlsx"))
        .arg("--json")
        .arg(file("scan.json"))
        .arg("--db")
        .arg(&fx.db)
        .args([
            "--partner",
            "Recife Cloud Partners Ltda.",
            "--accent",
            "#7A1F5C",
        ])
        .args(["--reviewer", "Ana Gonçalves", "--sow-ref", "SOW-2026-042"])
        .args(["--threshold-pct", "45", "--min-questions", "10"])
        .status()
        .expect("atoll runs");
    assert!(status.success());
    let text = pdf_text(&file("report.pdf"));
    assert!(text.contains(CUSTOMER));
    for title in SECTION_TITLES {
        assert!(text.contains(title), "section `{title}` missing");
    }
    assert!(text.contains("Programme threshold (% of baseline HRIs)"));
    assert!(text.contains("45 %"));
    assert!(
        text.contains("findings.csv"),
        "the appendix points to the CSV"
    );
    let csv = std::fs::read_to_string(file("findings.csv")).unwrap();
    assert!(csv.starts_with("summary,description,priority,rule_id"));
    assert!(csv.contains(NON_ASCII_ID));
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(file("scan.json")).unwrap()).unwrap();
    assert_eq!(json["scan"]["id"], fx.current);
    assert!(std::fs::metadata(file("report.xlsx")).unwrap().len() > 5_000);
}
