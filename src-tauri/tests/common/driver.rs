//! The desktop app under WebDriver: Xvfb (when DISPLAY is unset),
//! tauri-driver + WebKitWebDriver, and a fantoccini session with helpers that
//! wait for what the UI shows. Shared by the end-to-end test and the desktop
//! benchmark.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::error::NewSessionError;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

/// Kills a helper process when the test ends, however it ends.
pub struct Process(pub Child);

impl Drop for Process {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn find_tool(name: &str) -> PathBuf {
    let candidates = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .chain(std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin")));
    for dir in candidates {
        let path = dir.join(name);
        if path.is_file() {
            return path;
        }
    }
    panic!("`{name}` is not installed: bash .ci/run installs it (see README, Tests)");
}

/// An X display: the one we run under, or a private Xvfb.
fn display() -> (String, Option<Process>) {
    if let Ok(display) = std::env::var("DISPLAY")
        && !display.is_empty()
    {
        return (display, None);
    }
    let number = 90 + (std::process::id() % 800);
    let xvfb = Command::new(find_tool("Xvfb"))
        .args([
            &format!(":{number}"),
            "-screen",
            "0",
            "1280x800x24",
            "-nolisten",
            "tcp",
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start Xvfb");
    std::thread::sleep(Duration::from_millis(800));
    (format!(":{number}"), Some(Process(xvfb)))
}

pub struct Session {
    pub client: Client,
    shots: PathBuf,
    _driver: Process,
    _xvfb: Option<Process>,
}

impl Session {
    /// Starts the app `application` with `env` added to its environment;
    /// screenshots go to `shots`.
    pub async fn start(application: &Path, env: &[(&str, &Path)], shots: &Path) -> Session {
        let (display, xvfb) = display();
        let port = free_port();
        let mut driver = Command::new(find_tool("tauri-driver"));
        driver
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &free_port().to_string(),
            ])
            .env("DISPLAY", &display)
            // The app under test sees only the emulator profile and its own store.
            .env_remove("AWS_PROFILE")
            .env_remove("AWS_ENDPOINT_URL")
            .env_remove("AWS_ACCESS_KEY_ID")
            .env_remove("AWS_SECRET_ACCESS_KEY")
            .stdout(Stdio::null())
            .stderr(Stdio::null());
        for (key, value) in env {
            driver.env(key, value);
        }
        let driver = Process(driver.spawn().expect("start tauri-driver"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "tauri-driver did not listen");
            std::thread::sleep(Duration::from_millis(100));
        }
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert(
            "tauri:options".into(),
            json!({ "application": application }),
        );
        // tauri-driver listens before the WebKitWebDriver behind it is ready:
        // on a cold machine (a first run, libraries not yet in the page
        // cache) the first session request can meet a closed connection.
        // Such a failure is retried; the last one fails the test.
        let mut attempt = 1;
        let client = loop {
            match ClientBuilder::native()
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{port}"))
                .await
            {
                Ok(client) => break client,
                Err(e @ (NewSessionError::Failed(_) | NewSessionError::FailedC(_)))
                    if attempt < 4 =>
                {
                    eprintln!("WebDriver session attempt {attempt} failed ({e}); retrying");
                    attempt += 1;
                    tokio::time::sleep(Duration::from_secs(2)).await;
                }
                Err(e) => panic!("open a WebDriver session on the app: {e:?}"),
            }
        };
        std::fs::create_dir_all(shots).unwrap();
        let shots = shots.to_path_buf();
        Session {
            client,
            shots,
            _driver: driver,
            _xvfb: xvfb,
        }
    }

    fn css(testid: &str) -> Locator<'_> {
        Locator::Css(testid)
    }

    pub async fn wait_for(&self, selector: &str) -> Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Self::css(selector))
            .await
            .unwrap_or_else(|e| panic!("`{selector}` never appeared: {e}"))
    }

    pub async fn by_id(&self, testid: &str) -> Element {
        self.wait_for(&format!("[data-testid='{testid}']")).await
    }

    pub async fn text(&self, testid: &str) -> String {
        self.by_id(testid).await.text().await.unwrap()
    }

    /// Polls until the element's text satisfies `ok` (the UI updates
    /// asynchronously after IPC calls).
    pub async fn wait_text(&self, testid: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            if let Ok(element) = self
                .client
                .find(Self::css(&format!("[data-testid='{testid}']")))
                .await
                && let Ok(text) = element.text().await
                && ok(&text)
            {
                return text;
            }
            assert!(Instant::now() < deadline, "`{testid}` never showed {what}");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
    }

    pub async fn number(&self, testid: &str) -> u64 {
        let text = self.text(testid).await;
        text.replace(',', "")
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("`{testid}` shows `{text}`, not a number"))
    }

    pub async fn click(&self, testid: &str) {
        self.by_id(testid).await.click().await.unwrap();
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let element = self.by_id(testid).await;
        element.clear().await.unwrap();
        element.send_keys(text).await.unwrap();
    }

    pub async fn select(&self, testid: &str, value: &str) {
        self.by_id(testid)
            .await
            .select_by_value(value)
            .await
            .unwrap_or_else(|e| panic!("cannot pick `{value}` in `{testid}`: {e}"));
    }

    /// Saves a screenshot after the last DOM change has been painted.
    pub async fn screenshot(&self, name: &str) {
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let png = self.client.screenshot().await.unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
}
