package dev.feedbackloop.support.security;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files that hold a secret (the development API key, any key the platform generates for itself): readable and
 * writable by their owner only. A new file is created with those permissions, not given them after the secret is
 * already in it; an existing one that others may read is narrowed, with a warning, before it is used.
 */
public final class SecretFiles {

    private static final Logger log = LoggerFactory.getLogger(SecretFiles.class);
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private SecretFiles() {
    }

    /** Writes a new secret file; fails if one is already there, so a secret is never silently replaced. */
    public static void create(Path file, String secret) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        if (posix(file.toAbsolutePath().getParent())) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } else {
            Files.createFile(file); // not a POSIX file system: the platform's default protection applies
        }
        Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
    }

    /** Reads a secret file, first narrowing its permissions to the owner if others could read it. */
    public static String read(Path file) throws IOException {
        if (posix(file)) {
            Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
            if (!OWNER_ONLY.containsAll(permissions)) {
                log.warn("{} was readable by others ({}): narrowed to rw------- (its secret may have been read)", file,
                        PosixFilePermissions.toString(permissions));
                Files.setPosixFilePermissions(file, OWNER_ONLY);
            }
        }
        return Files.readString(file, StandardCharsets.UTF_8).trim();
    }

    /** Reads the secret if the file exists, otherwise creates it holding {@code fresh}; answers the secret in use. */
    public static String readOrCreate(Path file, String fresh) throws IOException {
        if (Files.exists(file)) {
            return read(file);
        }
        try {
            create(file, fresh);
            return fresh;
        } catch (FileAlreadyExistsException raced) {
            return read(file);
        }
    }

    private static boolean posix(Path path) {
        return Files.getFileAttributeView(path, java.nio.file.attribute.PosixFileAttributeView.class) != null;
    }
}
