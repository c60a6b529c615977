//! The moto AWS emulator on a free 127.0.0.1 port, and the account planting
//! script (tests/moto/plant.py). Shared by the tests and the scan benchmark.

#![allow(dead_code)]

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// The workspace root: the nearest ancestor of the test's crate that holds
/// `Cargo.lock` (this file is shared by crates at different depths).
/// The SDK's environment for talking to the emulator in-process: test keys,
/// a home region, and no profile file of the machine's user.
pub fn emulator_env() {
    // SAFETY: set before any thread of the calling test reads the environment.
    unsafe {
        std::env::set_var("AWS_ACCESS_KEY_ID", "testing");
        std::env::set_var("AWS_SECRET_ACCESS_KEY", "testing");
        std::env::set_var("AWS_REGION", "eu-west-1");
        std::env::set_var("AWS_CONFIG_FILE", "/nonexistent/atoll-test-config");
        std::env::set_var(
            "AWS_SHARED_CREDENTIALS_FILE",
            "/nonexistent/atoll-test-credentials",
        );
    }
}

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").exists())
        .expect("a workspace root above the crate")
        .to_path_buf()
}

/// The Python that has `moto[server]` and boto3: `ATOLL_PYTHON`, else the
/// repo's `.venv` (made by .ci/run), else `python3`.
pub fn python() -> String {
    if let Ok(python) = std::env::var("ATOLL_PYTHON") {
        return python;
    }
    let venv = repo_root().join(".venv/bin/python");
    if venv.exists() {
        venv.display().to_string()
    } else {
        "python3".into()
    }
}

/// A moto server process, stopped on drop.
pub struct Moto {
    child: Child,
    pub endpoint: String,
}

impl Moto {
    pub fn start() -> Moto {
        Moto::start_with(&[])
    }

    pub fn start_with(env: &[(&str, &str)]) -> Moto {
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let mut command = Command::new(python());
        command
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env("MOTO_IAM_LOAD_MANAGED_POLICIES", "true")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (k, v) in env {
            command.env(k, v);
        }
        let child = command
            .spawn()
            .expect("start moto (pip install 'moto[server]')");
        let deadline = Instant::now() + Duration::from_secs(30);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "moto did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Moto {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    /// Plants a scenario of tests/moto/plant.py and returns what it planted.
    pub fn plant(&self, scenario: &str) -> Value {
        let out = tempfile::NamedTempFile::new().unwrap();
        let status = Command::new(python())
            .arg(repo_root().join("tests/moto/plant.py"))
            .args([&self.endpoint, &out.path().display().to_string(), scenario])
            .status()
            .expect("run plant.py");
        assert!(status.success(), "planting scenario {scenario} failed");
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap()
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Moto {
    /// Runs another planting script of tests/moto (`ENDPOINT OUT.json`
    /// arguments, like plant.py) and returns what it wrote.
    pub fn plant_script(&self, script: &str) -> Value {
        let out = tempfile::NamedTempFile::new().unwrap();
        let status = Command::new(python())
            .arg(repo_root().join("tests/moto").join(script))
            .args([&self.endpoint, &out.path().display().to_string()])
            .status()
            .unwrap_or_else(|e| panic!("run {script}: {e}"));
        assert!(status.success(), "planting script {script} failed");
        serde_json::from_str(&std::fs::read_to_string(out.path()).unwrap()).unwrap()
    }

    /// Calls moto's own API (`/moto-api/...`, e.g. the request recorder) and
    /// returns the response body; panics unless the status is 200.
    pub fn moto_api(&self, method: &str, path: &str) -> String {
        use std::io::{Read, Write};
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to moto");
        write!(
            stream,
            "{method} {path} HTTP/1.1\r\nHost: {address}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = Vec::new();
        stream
            .read_to_end(&mut response)
            .expect("read moto's answer");
        let split = response
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .unwrap_or_else(|| panic!("an HTTP answer from moto: {response:?}"));
        let head = String::from_utf8_lossy(&response[..split]).to_string();
        let body = &response[split + 4..];
        let status = head.lines().next().unwrap_or_default();
        assert!(
            status.split_whitespace().nth(1) == Some("200"),
            "{method} {path}: {status}"
        );
        let chunked = head.lines().any(|l| {
            l.to_ascii_lowercase().starts_with("transfer-encoding:") && l.contains("chunked")
        });
        let body = if chunked {
            dechunk(body)
        } else {
            body.to_vec()
        };
        String::from_utf8(body).expect("moto answers in UTF-8")
    }
}

/// The body of a `Transfer-Encoding: chunked` answer.
fn dechunk(mut body: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = body.windows(2).position(|w| w == b"\r\n") {
        let size = std::str::from_utf8(&body[..end]).expect("a chunk size");
        let size = usize::from_str_radix(size.trim(), 16).expect("a chunk size");
        if size == 0 {
            break;
        }
        let chunk = &body[end + 2..];
        out.extend_from_slice(&chunk[..size]);
        body = &chunk[size + 2..];
    }
    out
}
