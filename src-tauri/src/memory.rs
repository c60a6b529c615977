//! Giving freed memory back to the system after a large answer.
//!
//! glibc keeps what a program frees in its per-thread arenas for reuse.
//! After the explorer's 50,000 findings have been read, serialised and
//! sent, or a scan evaluated, the app would keep a few hundred MB it no
//! longer uses (measured by `examples/desktop_bench`). `malloc_trim` hands
//! those pages back; it runs a moment later, once Tauri has sent the answer.

/// Returns freed heap to the system shortly, off the command's path.
pub fn release_soon() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    tauri::async_runtime::spawn(async {
        tokio::time::sleep(std::time::Duration::from_secs(2)).await;
        // SAFETY: malloc_trim only walks the allocator's own free lists; it
        // is safe to call from any thread at any time.
        unsafe {
            libc::malloc_trim(0);
        }
    });
}
