package dev.wanka.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the files users name on the command line, with messages that say what went wrong. */
final class InputFiles {
  /** Larger inputs are certainly a mistake (a trace, a binary) for a spec or catalog file. */
  static final long MAX_BYTES = 64L * 1024 * 1024;

  private InputFiles() {}

  static String read(Path file, String what) {
    try {
      if (Files.isDirectory(file)) {
        throw new UsageException(what + " " + file + ": is a directory; give a YAML file");
      }
      if (Files.size(file) > MAX_BYTES) {
        throw new UsageException(
            what
                + " "
                + file
                + ": larger than "
                + MAX_BYTES / 1024 / 1024
                + " MB; is it the right file?");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new UsageException(what + " " + file + ": no such file");
    } catch (AccessDeniedException e) {
      throw new UsageException(what + " " + file + ": permission denied");
    } catch (MalformedInputException e) {
      throw new UsageException(what + " " + file + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UsageException(what + " " + file + ": cannot read (" + e.getMessage() + ")");
    }
  }

  /**
   * A stream (standard input) as UTF-8 text, with the size limit of files; {@code what} names it.
   */
  static String read(InputStream in, String what) {
    try {
      byte[] bytes = in.readNBytes((int) MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw new UsageException(
            what + ": larger than " + MAX_BYTES / 1024 / 1024 + " MB; is it the right input?");
      }
      return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new UsageException(what + ": not UTF-8 text");
    } catch (IOException e) {
      throw new UsageException(what + ": cannot read (" + e.getMessage() + ")");
    }
  }
}
