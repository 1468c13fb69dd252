//! Giving freed memory back to the system.

/// Returns the heap's free pages to the system. The allocator keeps what a
/// program frees for its next allocations, on the heap of the thread that
/// freed it, so memory a parallel step used and freed stays resident for the
/// rest of the program unless given back. Only glibc's allocator needs this.
pub fn release_freed() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only inspects and shrinks the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}
