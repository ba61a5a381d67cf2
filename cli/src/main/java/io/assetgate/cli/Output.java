package io.assetgate.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;

import io.assetgate.client.Asset;

/** Human lines on stdout by default; with {@code --json}, one JSON object per line. Notes go to stderr. */
final class Output {

    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    final PrintWriter out;
    final PrintWriter err;
    final boolean json;

    Output(PrintWriter out, PrintWriter err, boolean json) {
        this.out = out;
        this.err = err;
        this.json = json;
    }

    /** One result: {@code fields} as a JSON object, or {@code human} as a line. */
    synchronized void result(Map<String, ?> fields, String human) {
        out.println(json ? GSON.toJson(fields) : human);
        out.flush();
    }

    /** A remark for a person (progress, warnings): stderr, and never in JSON mode's stdout. */
    synchronized void note(String line) {
        err.println(line);
        err.flush();
    }

    static Map<String, Object> asset(Asset a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", a.id());
        m.put("state", a.state());
        m.put("filename", a.filename());
        m.put("contentType", a.contentType());
        m.put("size", a.size());
        m.put("checksum", a.checksum());
        m.put("createdAt", a.createdAt() == null ? null : a.createdAt().toString());
        return m;
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", v, units[u]);
    }
}
