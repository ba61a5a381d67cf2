package io.assetgate.server.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Deque;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.TimeUnit;

/**
 * Temporary folders that outlive one test: data dirs of application contexts, homes of child
 * processes (S3Proxy, PostgreSQL, clamd, server jars). A test run MUST leave nothing behind in
 * the system temp folder, also when tests fail: one shutdown hook first stops the child
 * processes registered here (so none writes while its folder goes), then deletes every folder.
 * Folders a single test uses are better made with JUnit's {@code @TempDir}.
 */
public final class TempDirs {

    private static final Deque<Path> DIRS = new ConcurrentLinkedDeque<>();
    private static final Deque<Process> PROCESSES = new ConcurrentLinkedDeque<>();
    private static final Deque<Runnable> STOPS = new ConcurrentLinkedDeque<>();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(TempDirs::cleanUp, "temp-dirs-cleanup"));
    }

    private TempDirs() {
    }

    /** A fresh folder in the system temp folder, deleted when the JVM exits. */
    public static Path create(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            DIRS.push(dir);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops {@code process} when the JVM exits, before the folders are deleted. */
    public static Process stopOnExit(Process process) {
        PROCESSES.push(process);
        return process;
    }

    /** Runs {@code stop} when the JVM exits, before the folders are deleted: for daemons that are not child processes. */
    public static void stopOnExit(Runnable stop) {
        STOPS.push(stop);
    }

    /** Deletes {@code dir} and everything under it; a missing one is fine. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE; // gone meanwhile
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (NoSuchFileException gone) {
            // deleted meanwhile
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete " + dir, e);
        }
    }

    private static void cleanUp() {
        for (Runnable stop : STOPS) {
            try {
                stop.run();
            } catch (RuntimeException e) {
                // already stopped
            }
        }
        for (Process process : PROCESSES) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
        for (Process process : PROCESSES) {
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path dir : DIRS) {
            try {
                deleteRecursively(dir);
            } catch (RuntimeException e) {
                System.err.println("Could not delete " + dir + ": " + e.getMessage());
            }
        }
    }
}
