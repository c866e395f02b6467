package io.s3migration.copier.shard;

/**
 * A stretch of the key space as sampling left it: the keys after the previous stretch's {@code high} and up to
 * this {@code high} (inclusive; null: the end), about {@code objects} of them (exact where listed, estimated
 * between samples). {@code nextKey} is the lowest key the next stretch can start with (its first key when
 * listed, else its high): a boundary placed at this stretch's end may lie anywhere in [{@code high}, {@code nextKey}).
 */
public record Stretch(String high, double objects, String nextKey) {
}
