//! The desktop app under WebDriver: Xvfb (when DISPLAY is unset),
//! tauri-driver + WebKitWebDriver, and a fantoccini session with helpers that
//! wait for what the UI shows. Shared by the end-to-end test and the desktop
//! benchmark.

#![allow(dead_code)]

use std::future::Future;
use std::os::unix::process::CommandExt;
use std::panic::AssertUnwindSafe;
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

/// tauri-driver with everything it starts (WebKitWebDriver, the app): the
/// whole process group is killed when the test ends, so a failed or retried
/// test leaves no window or driver behind.
struct DriverGroup(Child);

impl Drop for DriverGroup {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// How long one WebDriver command may go unanswered before the driver is
/// taken as hung. The UI's own waits poll with shorter commands, so only a
/// stuck driver reaches it.
const COMMAND_LIMIT: Duration = Duration::from_secs(90);
const DRIVER_HUNG: &str = "the WebDriver did not answer";

async fn answer<T>(what: &str, command: impl Future<Output = T>) -> T {
    match tokio::time::timeout(COMMAND_LIMIT, command).await {
        Ok(answer) => answer,
        Err(_) => panic!("{DRIVER_HUNG} within {COMMAND_LIMIT:?}: {what}"),
    }
}

/// Runs an end-to-end test on its own runtime. WebKitWebDriver has been seen
/// to stop answering mid-test on a cold CI machine (no command returns, the
/// app itself idle); such a test is run once more from the start, with a new
/// emulator, store and window. Any other failure, or a second hang, fails
/// the test: a hang the app causes repeats and is still caught.
pub fn run_end_to_end<Test, Run>(test: Test)
where
    Test: Fn() -> Run,
    Run: Future<Output = ()>,
{
    for attempt in 1..=2 {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .unwrap();
        let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| runtime.block_on(test())));
        drop(runtime);
        let Err(panic) = outcome else { return };
        let message = panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default();
        if attempt == 1 && message.contains(DRIVER_HUNG) {
            eprintln!("{message}; running the test once more from the start");
            continue;
        }
        std::panic::resume_unwind(panic);
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
    _driver: DriverGroup,
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
            .stderr(Stdio::null())
            .process_group(0);
        for (key, value) in env {
            driver.env(key, value);
        }
        let driver = DriverGroup(driver.spawn().expect("start tauri-driver"));
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
            let mut builder = ClientBuilder::native();
            builder.capabilities(caps.clone());
            let url = format!("http://127.0.0.1:{port}");
            let connect = builder.connect(&url);
            match answer("open a session", connect).await {
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
        let wait = self
            .client
            .wait()
            .at_most(Duration::from_secs(60))
            .for_element(Self::css(selector));
        answer(&format!("wait for `{selector}`"), wait)
            .await
            .unwrap_or_else(|e| panic!("`{selector}` never appeared: {e}"))
    }

    pub async fn by_id(&self, testid: &str) -> Element {
        self.wait_for(&format!("[data-testid='{testid}']")).await
    }

    pub async fn text(&self, testid: &str) -> String {
        let element = self.by_id(testid).await;
        answer(&format!("the text of `{testid}`"), element.text())
            .await
            .unwrap()
    }

    /// Polls until the element's text satisfies `ok` (the UI updates
    /// asynchronously after IPC calls).
    pub async fn wait_text(&self, testid: &str, what: &str, ok: impl Fn(&str) -> bool) -> String {
        let deadline = Instant::now() + Duration::from_secs(120);
        loop {
            let selector = format!("[data-testid='{testid}']");
            let step = format!("read `{testid}`");
            if let Ok(element) = answer(&step, self.client.find(Self::css(&selector))).await
                && let Ok(text) = answer(&step, element.text()).await
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
        let element = self.by_id(testid).await;
        answer(&format!("click `{testid}`"), element.click())
            .await
            .unwrap();
    }

    pub async fn type_into(&self, testid: &str, text: &str) {
        let element = self.by_id(testid).await;
        let what = format!("type into `{testid}`");
        answer(&what, element.clear()).await.unwrap();
        answer(&what, element.send_keys(text)).await.unwrap();
    }

    pub async fn select(&self, testid: &str, value: &str) {
        let element = self.by_id(testid).await;
        answer(
            &format!("pick in `{testid}`"),
            element.select_by_value(value),
        )
        .await
        .unwrap_or_else(|e| panic!("cannot pick `{value}` in `{testid}`: {e}"));
    }

    /// Saves a screenshot after the last DOM change has been painted, when
    /// `ATOLL_SCREENSHOTS=1` is set. Off by default: WebKitWebDriver's
    /// screenshot was seen never to return on a loaded machine (twice in a
    /// row, on the dashboard after accepting a risk), which hung CI; the
    /// pictures are for a person to look at, and no assertion reads them.
    pub async fn screenshot(&self, name: &str) {
        if std::env::var("ATOLL_SCREENSHOTS").as_deref() != Ok("1") {
            return;
        }
        tokio::time::sleep(Duration::from_millis(1000)).await;
        let png = answer(&format!("screenshot {name}"), self.client.screenshot())
            .await
            .unwrap();
        std::fs::write(self.shots.join(format!("{name}.png")), png).unwrap();
    }
}
