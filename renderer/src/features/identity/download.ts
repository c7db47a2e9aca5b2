/** Hands text to the browser as a file download (the desktop app asks where to save it). */
export function downloadText(fileName: string, content: string, type: string): void {
  downloadBlob(fileName, new Blob([content], { type }));
}

/** Hands bytes that came back as base64 (a command's answer) to the browser as a file download. */
export function downloadBase64(fileName: string, contentBase64: string, type: string): void {
  downloadBlob(fileName, new Blob([Uint8Array.from(atob(contentBase64), (char) => char.charCodeAt(0))], { type }));
}

function downloadBlob(fileName: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.style.display = 'none';
  document.body.append(link);
  link.click();
  link.remove();
  // The click starts the download synchronously; the URL can go once it has been read.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
