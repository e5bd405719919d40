// Hands a fetched file to the browser as a download. The CSV comes through the authenticated API client
// (a plain link could not carry the session), so it arrives as a Blob.
export function saveBlob (blob: Blob, fileName: string) {
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.appendChild(link)
  link.click()
  link.remove()
  // The download has started from the click; the URL can go once the event loop has moved on.
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
