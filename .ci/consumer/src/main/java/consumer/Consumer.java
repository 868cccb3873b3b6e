package consumer;

import org.jail4j.JailHost;
import org.jail4j.JailParams;
import org.jail4j.JailSpec;

/** Uses jail-api the way an importing project would: builds a spec and asks the local host what it supports. */
public final class Consumer {
    public static void main(String[] args) {
        JailSpec spec = JailSpec.builder("consumer").hostname("consumer.example").persist(true).build();
        if (!spec.params().get(JailParams.HOST_HOSTNAME).equals("consumer.example")) {
            throw new AssertionError("spec lost its hostname: " + spec);
        }
        System.out.println("consumer: jail-api resolves; engine " + JailHost.local().engineName()
                + "; " + JailParams.all().size() + " parameters catalogued");
    }
}
