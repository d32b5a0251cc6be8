/** Reads a .docx back as plain text with mammoth (a .docx reader independent of the library that wrote it). */
import mammoth from 'mammoth';

export async function docxText(content: Buffer): Promise<string> {
  const result = await mammoth.extractRawText({ buffer: content });
  // Table cells and paragraphs come out on their own lines: join runs of blank lines for matching.
  return result.value.replace(/\n{2,}/g, '\n');
}
