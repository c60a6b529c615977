//! Secret values planted in moto (an SSM SecureString, a Lambda function's
//! environment, an ECS task definition's environment, a CloudFormation stack's
//! parameter; tests/moto/plant_well_run.py) never reach anything Atoll
//! writes: the SQLite database and its WAL, the scan JSON, the CSV, the XLSX,
//! the PDF, or the console output, even with every log level switched on.

mod common;

use std::path::Path;

use common::{Moto, atoll, pdf_text, read_json, run};

/// Every text the XLSX holds: the shared strings and the sheets, unzipped.
fn xlsx_text(path: &Path) -> String {
    use calamine::{Reader, Xlsx, open_workbook};
    let mut book: Xlsx<_> = open_workbook(path).expect("a readable XLSX");
    let mut text = String::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("a readable sheet");
        for row in range.rows() {
            for cell in row {
                text.push_str(&cell.to_string());
                text.push('\t');
            }
            text.push('\n');
        }
    }
    text
}

#[test]
fn planted_secret_values_never_reach_the_database_exports_pdf_or_logs() {
    let moto = Moto::start();
    let planted = moto.plant_script("plant_well_run.py");
    let secrets: Vec<String> = serde_json::from_value(planted["secrets"].clone()).unwrap();
    assert_eq!(secrets.len(), 4, "one secret per place a scan reads around");
    let dir = tempfile::tempdir().unwrap();
    let file = |name: &str| dir.path().join(name);
    let db = file("atoll.db");

    let scan = run(atoll()
        .env("ATOLL_LOG", "trace")
        .args(["scan", "--endpoint-url", &moto.endpoint])
        .args(["--role-arn", planted["role_arn"].as_str().unwrap()])
        .args([
            "--regions",
            "eu-west-1,us-east-1",
            "--customer",
            "Secrets Ltda.",
        ])
        .arg("--db")
        .arg(&db)
        .arg("--json")
        .arg(file("scan.json")));
    assert!(scan.status.success(), "scan should succeed");
    let scan_id = read_json(&file("scan.json"))["scan"]["id"]
        .as_i64()
        .unwrap();
    let stderr = String::from_utf8_lossy(&scan.stderr);
    assert!(
        stderr.contains("TRACE") || stderr.contains("DEBUG"),
        "the log is really on at every level"
    );
    // The resources the secrets sit on were collected, so "absent" means
    // "not copied", not "never read".
    let mut inventory = std::fs::read(&db).unwrap();
    inventory.extend(std::fs::read(file("atoll.db-wal")).unwrap_or_default());
    for name in ["api-handler", "/prod/orders/db-password", "orders-api"] {
        assert!(
            inventory.windows(name.len()).any(|w| w == name.as_bytes()),
            "{name} is in the inventory"
        );
    }

    let report = run(atoll()
        .env("ATOLL_LOG", "trace")
        .args(["report", "--scan", &scan_id.to_string()])
        .arg("--db")
        .arg(&db)
        .arg("--pdf")
        .arg(file("report.pdf"))
        .arg("--csv")
        .arg(file("findings.csv"))
        .arg("--xlsx")
        .arg(file("report.xlsx"))
        .arg("--json")
        .arg(file("export.json")));
    assert!(report.status.success(), "report should succeed");

    let mut places: Vec<(String, Vec<u8>)> = vec![
        ("scan stdout".into(), scan.stdout.clone()),
        ("scan stderr (ATOLL_LOG=trace)".into(), scan.stderr.clone()),
        ("report stdout".into(), report.stdout.clone()),
        ("report stderr".into(), report.stderr.clone()),
        ("XLSX".into(), xlsx_text(&file("report.xlsx")).into_bytes()),
        ("PDF".into(), pdf_text(&file("report.pdf")).into_bytes()),
    ];
    for name in [
        "atoll.db",
        "atoll.db-wal",
        "atoll.db-shm",
        "scan.json",
        "export.json",
        "findings.csv",
    ] {
        if let Ok(bytes) = std::fs::read(file(name)) {
            places.push((name.into(), bytes));
        }
    }
    let mut leaks = Vec::new();
    for (place, bytes) in &places {
        for secret in &secrets {
            if bytes.windows(secret.len()).any(|w| w == secret.as_bytes()) {
                leaks.push(format!("{secret} in {place}"));
            }
        }
    }
    assert!(leaks.is_empty(), "secret values written: {leaks:#?}");
}
