import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassFileVersion;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeTransform;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;

/**
 * Rewrites the classes of a jar that are older than class file version 50 (Java 6) as version 50 with stack maps,
 * in place: the JDK's ahead-of-time cache holds no older class, and picocli ships Java 5 bytecode, so every start
 * loaded, verified (with the slow inference verifier) and interpreted it anew. Only the version and the stack maps
 * change; a class that cannot be rewritten is kept as it is and named. Run by ./dot4's training step with JDK 25:
 * {@code java tools/build/OldClasses.java JAR}.
 */
public final class OldClasses {

    private static final int TARGET = ClassFile.JAVA_6_VERSION;

    public static void main(String[] args) throws IOException {
        Path jar = Path.of(args[0]);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry e : java.util.Collections.list(zip.entries())) {
                try (InputStream in = zip.getInputStream(e)) {
                    entries.put(e.getName(), in.readAllBytes());
                }
            }
        }
        ClassHierarchyResolver inJar = ClassHierarchyResolver.ofResourceParsing(desc -> {
            byte[] b = entries.get(desc.descriptorString().substring(1, desc.descriptorString().length() - 1) + ".class");
            return b == null ? null : new ByteArrayInputStream(b);
        });
        ClassFile rewriter = ClassFile.of(ClassFile.StackMapsOption.GENERATE_STACK_MAPS,
                ClassFile.ClassHierarchyResolverOption.of(inJar.orElse(ClassHierarchyResolver.defaultResolver())));
        ClassTransform toTarget = ClassTransform.transformingMethodBodies(CodeTransform.ACCEPT_ALL)
                .andThen((builder, element) -> builder.with(element instanceof ClassFileVersion v && v.majorVersion() < TARGET
                        ? ClassFileVersion.of(TARGET, 0) : element));
        int rewritten = 0;
        int kept = 0;
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().endsWith(".class") || e.getKey().startsWith("META-INF/")) {
                continue;
            }
            ClassModel model = ClassFile.of().parse(e.getValue());
            if (model.majorVersion() >= TARGET) {
                continue;
            }
            try {
                e.setValue(rewriter.transformClass(model, toTarget));
                rewritten++;
            } catch (RuntimeException failed) {
                System.err.println("OldClasses: kept " + e.getKey() + " as it was: " + failed.getMessage());
                kept++;
            }
        }
        if (rewritten == 0) {
            return;
        }
        Path tmp = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (OutputStream out = Files.newOutputStream(tmp); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        Files.move(tmp, jar, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        System.err.println("OldClasses: " + rewritten + " classes of " + jar + " rewritten as version " + TARGET
                + (kept > 0 ? ", " + kept + " kept" : ""));
    }
}
