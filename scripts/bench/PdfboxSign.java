// The reference signer of `npm run bench:signing`: Apache PDFBox 2 + BouncyCastle sign a PDF (invisible, CMS
// SHA-256 with the signer's chain, no timestamp: PAdES B-B) as an incremental update, in a loop in one JVM.
// Compiled by the bench into a temporary folder; prints "<signatures per second> <median ms> <count> <process CPU ms
// per signature>" (the JVM's own threads included, as node's process.cpuUsage() counts its GC and pool threads).
// Usage: java PdfboxSign <in.pdf> <key.p12> <passphrase> <seconds> [<out.pdf>]
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FileInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.Collections;
import java.util.List;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.PDSignature;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureInterface;
import org.apache.pdfbox.pdmodel.interactive.digitalsignature.SignatureOptions;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.CMSProcessableByteArray;
import org.bouncycastle.cms.CMSSignedDataGenerator;
import org.bouncycastle.cms.jcajce.JcaSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;

public class PdfboxSign {
  public static void main(String[] args) throws Exception {
    byte[] input = Files.readAllBytes(Paths.get(args[0]));
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(args[1])) {
      ks.load(in, args[2].toCharArray());
    }
    String alias = null;
    for (String a : Collections.list(ks.aliases())) if (ks.isKeyEntry(a)) alias = a;
    PrivateKey key = (PrivateKey) ks.getKey(alias, args[2].toCharArray());
    Certificate[] chain = ks.getCertificateChain(alias);
    double seconds = Double.parseDouble(args[3]);

    SignatureInterface signer = content -> {
      try {
        byte[] data = content.readAllBytes();
        CMSSignedDataGenerator gen = new CMSSignedDataGenerator();
        gen.addSignerInfoGenerator(
            new JcaSignerInfoGeneratorBuilder(new JcaDigestCalculatorProviderBuilder().build())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(key), (X509Certificate) chain[0]));
        gen.addCertificates(new JcaCertStore(Arrays.asList(chain)));
        return gen.generate(new CMSProcessableByteArray(data), false).getEncoded();
      } catch (Exception e) {
        throw new java.io.IOException(e);
      }
    };

    byte[] last = sign(input, signer);
    // Warm-up for the JIT, as long as the measured run.
    for (long end = System.nanoTime() + (long) (seconds * 1e9); System.nanoTime() < end; ) sign(input, signer);
    List<Double> times = new ArrayList<>();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    long cpu0 = os.getProcessCpuTime();
    long start = System.nanoTime();
    while (System.nanoTime() - start < seconds * 1e9 || times.size() < 3) {
      long t0 = System.nanoTime();
      last = sign(input, signer);
      times.add((System.nanoTime() - t0) / 1e6);
    }
    double cpuMs = (os.getProcessCpuTime() - cpu0) / 1e6 / times.size();
    double total = times.stream().mapToDouble(Double::doubleValue).sum() / 1000;
    Collections.sort(times);
    if (args.length > 4) Files.write(Paths.get(args[4]), last);
    System.out.printf(
        java.util.Locale.ROOT, "%.1f %.2f %d %.2f%n", times.size() / total, times.get(times.size() / 2), times.size(), cpuMs);
  }

  static byte[] sign(byte[] input, SignatureInterface signer) throws Exception {
    try (PDDocument doc = PDDocument.load(input); SignatureOptions options = new SignatureOptions()) {
      PDSignature sig = new PDSignature();
      sig.setFilter(PDSignature.FILTER_ADOBE_PPKLITE);
      sig.setSubFilter(COSName.getPDFName("ETSI.CAdES.detached"));
      sig.setSignDate(Calendar.getInstance());
      options.setPreferredSignatureSize(24 * 1024);
      doc.addSignature(sig, signer, options);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      doc.saveIncremental(out);
      return out.toByteArray();
    }
  }
}
