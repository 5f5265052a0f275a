//! Measuring helpers: percentiles, on-disk sizes, and the process's peak
//! resident memory over a stretch of work (Linux: `VmHWM`, reset through
//! `/proc/self/clear_refs`).

#![allow(dead_code)]

use std::path::Path;
use std::time::Duration;

/// The `p`th percentile (nearest rank) of `samples`, in milliseconds.
pub fn percentile_ms(samples: &[Duration], p: f64) -> f64 {
    let mut ms: Vec<f64> = samples.iter().map(|d| d.as_secs_f64() * 1e3).collect();
    ms.sort_by(f64::total_cmp);
    if ms.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * ms.len() as f64).ceil() as usize;
    ms[rank.clamp(1, ms.len()) - 1]
}

pub fn median(samples: &[Duration]) -> Duration {
    let mut sorted = samples.to_vec();
    sorted.sort();
    sorted[sorted.len() / 2]
}

/// Bytes under `path`, a file or a folder.
pub fn disk_size(path: &Path) -> u64 {
    let Ok(meta) = std::fs::metadata(path) else {
        return 0;
    };
    if meta.is_file() {
        return meta.len();
    }
    std::fs::read_dir(path)
        .map(|entries| entries.flatten().map(|e| disk_size(&e.path())).sum::<u64>())
        .unwrap_or(0)
}

fn status_kib(key: &str) -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with(key))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

/// Peak resident memory growth over one stretch of work.
pub struct PeakMemory {
    start_kib: u64,
}

impl PeakMemory {
    /// Resets the peak to the current resident size and starts watching.
    pub fn start() -> PeakMemory {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
        PeakMemory {
            start_kib: status_kib("VmRSS:").unwrap_or(0),
        }
    }

    /// How far the peak rose above the resident size at the start, in MB;
    /// `None` where the kernel does not say.
    pub fn growth_mb(&self) -> Option<f64> {
        let peak = status_kib("VmHWM:")?;
        Some(peak.saturating_sub(self.start_kib) as f64 * 1024.0 / 1e6)
    }
}
