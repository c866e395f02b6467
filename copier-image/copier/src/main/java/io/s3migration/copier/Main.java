package io.s3migration.copier;

public final class Main {
    public static void main(String[] args) {
    }
}
