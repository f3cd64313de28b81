package dev.heapwise.it.apps;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * The stdin protocol every controllable sample application speaks: one command a line, exactly one
 * answer line {@code reply {"command": ..., ...}} on stdout, so a test can tell the answer from anything
 * else the JVM prints; a failure is an answer carrying {@code error}. {@code exit} answers and returns.
 */
final class CommandLoop {
    /** The fields after {@code "command"} of an answer, each starting with a comma. */
    @FunctionalInterface
    interface Answer {
        String fields(String command, String[] words) throws Exception;
    }

    private CommandLoop() {
    }

    static void run(Answer answer) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            String[] words = line.trim().split("\\s+");
            String command = words[0];
            if (command.isEmpty()) {
                continue;
            }
            try {
                if (command.equals("exit")) {
                    reply(command, "");
                    return;
                }
                reply(command, answer.fields(command, words));
            } catch (Exception | OutOfMemoryError e) {
                reply(command, ",\"error\":" + Json.quote(e.toString()));
            }
        }
    }

    private static void reply(String command, String fields) {
        System.out.println("reply {\"command\":" + Json.quote(command) + fields + "}");
        System.out.flush();
    }
}
