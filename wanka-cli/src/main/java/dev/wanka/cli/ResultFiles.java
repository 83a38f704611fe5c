package dev.wanka.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes a command's result files into the directory the user named with {@code --out}. */
final class ResultFiles {
  private final Path directory;

  /** Creates the directory if needed; a file in its place or no permission is bad input. */
  ResultFiles(Path directory) {
    this.directory = directory;
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new UsageException(
          "--out " + directory + ": cannot create the directory (" + e.getMessage() + ")");
    }
  }

  /** Writes one text file as UTF-8, replacing an older one of the same name; returns its path. */
  Path write(String name, String text) {
    return write(name, text.getBytes(StandardCharsets.UTF_8));
  }

  /** Writes one file, replacing an older one of the same name; returns its path. */
  Path write(String name, byte[] bytes) {
    Path file = directory.resolve(name);
    try {
      Files.write(file, bytes);
    } catch (IOException e) {
      throw new UsageException("--out " + directory + ": cannot write " + name + " (" + e + ")");
    }
    return file;
  }
}
