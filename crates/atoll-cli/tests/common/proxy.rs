//! The fault-injecting proxy (tests/moto/fault_proxy.py) on a free
//! 127.0.0.1 port, stopped on drop. Shared by the fault tests and the scan
//! benchmark, which both include moto.rs beside it as `super::moto`.

#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};

use serde_json::Value;

use super::moto::{python, repo_root};

pub struct FaultProxy {
    child: Child,
    pub endpoint: String,
}

impl FaultProxy {
    /// Starts the proxy in front of `upstream` (None: nothing behind it,
    /// every request stalls) with `args` (`--mode throttle --every 3`...).
    pub fn start(upstream: Option<&str>, args: &[&str]) -> FaultProxy {
        let mut command = Command::new(python());
        command
            .arg(repo_root().join("tests/moto/fault_proxy.py"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        if let Some(upstream) = upstream {
            command.args(["--upstream", upstream]);
        }
        let mut child = command.spawn().expect("start tests/moto/fault_proxy.py");
        // The first line is the port, printed once the socket listens.
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("piped stdout"))
            .read_line(&mut line)
            .expect("the proxy's port");
        let port: u16 = line
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("fault_proxy.py printed {line:?}, not a port"));
        FaultProxy {
            child,
            endpoint: format!("http://127.0.0.1:{port}"),
        }
    }

    /// What the proxy did so far (GET /__proxy/stats): `requests`,
    /// `injected` per protocol, `injected_total`, `stalled`, `delayed`.
    pub fn stats(&self) -> Value {
        let address = self.endpoint.trim_start_matches("http://");
        let mut stream = TcpStream::connect(address).expect("connect to the proxy");
        write!(
            stream,
            "GET /__proxy/stats HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
        )
        .expect("ask the proxy");
        let mut response = String::new();
        stream
            .read_to_string(&mut response)
            .expect("the proxy's answer");
        let body = response
            .split_once("\r\n\r\n")
            .map(|(_, body)| body)
            .expect("an HTTP answer");
        serde_json::from_str(body).expect("stats as JSON")
    }
}

impl Drop for FaultProxy {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
