package dev.wanka.server.http;

/** UTF-8 helpers for paging through logs. */
final class Utf8 {
  private Utf8() {}

  /** How many leading bytes form whole characters: a character cut at the end is left out. */
  static int wholeCharacters(byte[] bytes) {
    int end = bytes.length;
    int i = end - 1;
    int continuation = 0;
    while (i >= 0 && (bytes[i] & 0xC0) == 0x80 && continuation < 3) {
      i--;
      continuation++;
    }
    if (i < 0) {
      return end;
    }
    int lead = bytes[i] & 0xFF;
    int length = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
    return end - i < length ? i : end;
  }
}
