/** Saves a Blob as a download (an object URL and a temporary link), then frees the URL. */
export function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked later: revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A file's name without its extension, to name what is exported from it. */
export function baseName(fileName: string): string {
  return fileName.replace(/\.[^.]+$/, '') || 'records';
}
