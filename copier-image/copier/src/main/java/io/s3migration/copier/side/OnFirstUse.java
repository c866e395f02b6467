package io.s3migration.copier.side;

import java.util.function.Consumer;
import java.util.function.Supplier;

/** A value made on its first {@link #get} (once, whichever thread asks first), then kept. */
public final class OnFirstUse<T> implements Supplier<T> {
    private final Supplier<T> make;
    private volatile T value;

    public OnFirstUse(Supplier<T> make) {
        this.make = make;
    }

    /** One made already. */
    public static <T> OnFirstUse<T> of(T value) {
        OnFirstUse<T> made = new OnFirstUse<>(() -> value);
        made.value = value;
        return made;
    }

    @Override
    public T get() {
        T v = value;
        if (v == null) {
            synchronized (this) {
                v = value;
                if (v == null) {
                    v = make.get();
                    value = v;
                }
            }
        }
        return v;
    }

    /** Hands the value to {@code action} if it was made; makes nothing. */
    public void ifBuilt(Consumer<T> action) {
        T v = value;
        if (v != null) {
            action.accept(v);
        }
    }
}
