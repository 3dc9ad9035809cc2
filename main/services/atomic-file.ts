/**
 * Crash-safe small-file writes: after a power cut the file holds either the old or the new
 * content, never a mix or nothing. Write a temp file in the same directory, fsync it, rename
 * over the target (atomic on POSIX and NTFS), then fsync the directory so the rename itself
 * is on disk.
 */
import fs from 'node:fs';
import path from 'node:path';

export function writeFileAtomicSync(filePath: string, data: string | Uint8Array, mode = 0o600): void {
  const tmpPath = `${filePath}.tmp`;
  let fd: number | null = fs.openSync(tmpPath, 'w', mode);
  try {
    const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
    let offset = 0;
    while (offset < bytes.length) offset += fs.writeSync(fd, bytes, offset, bytes.length - offset);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmpPath, filePath);
  } catch (error) {
    if (fd !== null) fs.closeSync(fd);
    fs.rmSync(tmpPath, { force: true });
    throw error;
  }
  fsyncDirSync(path.dirname(filePath));
}

/** Makes a directory's entries (a rename, a new file or subdirectory) durable. */
export function fsyncDirSync(dirPath: string): void {
  // Windows cannot open a directory for fsync; NTFS journals the metadata change instead.
  if (process.platform === 'win32') return;
  const fd = fs.openSync(dirPath, 'r');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}
