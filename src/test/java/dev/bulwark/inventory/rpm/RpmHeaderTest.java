package dev.bulwark.inventory.rpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.inventory.PackageRecord;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RpmHeaderTest {
  private static PackageRecord record(byte[] blob, List<String> warnings) {
    return RpmPackages.toRecord(RpmHeader.parse(blob), warnings::add).orElseThrow();
  }

  private static PackageRecord record(byte[] blob) {
    List<String> warnings = new ArrayList<>();
    PackageRecord record = record(blob, warnings);
    assertThat(warnings).isEmpty();
    return record;
  }

  /** A copy of {@code blob} with one 32-bit field of index entry {@code entry} replaced. */
  private static byte[] withEntryField(byte[] blob, int entry, int field, int value) {
    byte[] copy = blob.clone();
    ByteBuffer.wrap(copy).putInt(8 + 16 * entry + 4 * field, value);
    return copy;
  }

  @Nested
  class RealHeaders {
    @Test
    void readsWhatRpmReadsFromStandaloneBlobs() throws Exception {
      // go-rpmdb's blob was altered upstream: a DIRINDEXES entry points past DIRNAMES, and rpm too
      // lists no files for it.
      List<String> warnings = new ArrayList<>();
      List<PackageRecord> packages = List.of(
          record(RpmFixtures.bytes("header-blobs/claircore-package.header")),
          record(RpmFixtures.bytes("header-blobs/go-rpmdb-blob.bin"), warnings));

      assertThat(RpmFixtures.lines(packages))
          .containsExactlyElementsOf(RpmFixtures.expectedLines("header-blobs/expected.tsv"));
      assertThat(RpmFixtures.files(packages))
          .isEqualTo(RpmFixtures.expectedFiles("header-blobs/expected-files.tsv"));
      assertThat(warnings).singleElement().asString()
          .contains("publicsuffix-list-dafsa", "DIRINDEXES entry 4 is past the 4 DIRNAMES");
    }
  }

  @Nested
  class Malformed {
    private final byte[] real = RpmFixtures.bytes("header-blobs/claircore-package.header");

    @Test
    void rejectsABlobShorterThanItsPreamble() {
      assertThatThrownBy(() -> RpmHeader.parse(new byte[5])).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void rejectsAnEntryCountOfZeroOrPastRpmsLimit() {
      byte[] none = real.clone();
      ByteBuffer.wrap(none).putInt(0, 0);
      byte[] huge = real.clone();
      ByteBuffer.wrap(huge).putInt(0, 0x10000);

      assertThatThrownBy(() -> RpmHeader.parse(none)).hasMessageContaining("index count 0");
      assertThatThrownBy(() -> RpmHeader.parse(huge)).hasMessageContaining("index count 65536");
    }

    @Test
    void rejectsABlobWhoseSizeDisagreesWithItsPreamble() {
      assertThatThrownBy(() -> RpmHeader.parse(Arrays.copyOf(real, real.length - 1)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("holds " + (real.length - 1));
      assertThatThrownBy(() -> RpmHeader.parse(Arrays.copyOf(real, real.length + 16)))
          .isInstanceOf(MalformedHeaderException.class);
      byte[] hugeData = real.clone();
      ByteBuffer.wrap(hugeData).putInt(4, -1);
      assertThatThrownBy(() -> RpmHeader.parse(hugeData)).isInstanceOf(MalformedHeaderException.class);
    }

    @Test
    void rejectsAnEntryOutsideTheDataStore() {
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(real, 3, 2, 0x7fff0000)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("outside");
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(real, 3, 2, -4)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("outside");
    }

    @Test
    void rejectsACountLargerThanTheDataStore() {
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(real, 3, 3, Integer.MAX_VALUE)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("count");
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(real, 3, 3, -1)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("count");
    }

    @Test
    void rejectsAnArrayRunningPastTheDataStore() {
      byte[] blob = new HeaderBlobBuilder().nevra("a", "1", "1", "noarch").int32s(RpmTag.DIRINDEXES, 0, 0).build();
      int dataLength = ByteBuffer.wrap(blob).getInt(4);
      // DIRINDEXES is the fifth entry; make it claim as many 4-byte values as the store has bytes.
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(blob, 4, 3, dataLength)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("runs past");
    }

    @Test
    void rejectsAnUnknownEntryType() {
      assertThatThrownBy(() -> RpmHeader.parse(withEntryField(real, 3, 1, 10)))
          .isInstanceOf(MalformedHeaderException.class).hasMessageContaining("unknown type 10");
    }

    @Test
    void rejectsAStringWithoutTerminator() {
      byte[] blob = new HeaderBlobBuilder().string(RpmTag.VERSION, "1").string(RpmTag.RELEASE, "1")
          .raw(RpmTag.NAME, HeaderBlobBuilder.STRING, 4, 1).data((byte) 'a', (byte) 'b').build();

      assertThatThrownBy(() -> record(blob)).isInstanceOf(MalformedHeaderException.class)
          .hasMessageContaining("runs past");
    }

    @Test
    void rejectsANameOfTheWrongType() {
      byte[] blob = new HeaderBlobBuilder().int32s(RpmTag.NAME, 7).string(RpmTag.VERSION, "1")
          .string(RpmTag.RELEASE, "1").build();

      assertThatThrownBy(() -> record(blob)).isInstanceOf(MalformedHeaderException.class)
          .hasMessageContaining("not a string");
    }

    @Test
    void rejectsAPackageWithoutVersion() {
      byte[] blob = new HeaderBlobBuilder().string(RpmTag.NAME, "a").string(RpmTag.RELEASE, "1").build();

      assertThatThrownBy(() -> record(blob)).isInstanceOf(MalformedHeaderException.class)
          .hasMessageContaining("no VERSION");
    }
  }

  @Nested
  class FileLists {
    @Test
    void joinsDirectoriesAndBasenames() {
      byte[] blob = new HeaderBlobBuilder().nevra("a", "1", "2", "x86_64")
          .strings(RpmTag.DIRNAMES, HeaderBlobBuilder.STRING_ARRAY, "/usr/bin/", "/etc/")
          .strings(RpmTag.BASENAMES, HeaderBlobBuilder.STRING_ARRAY, "a", "a.conf", "b")
          .int32s(RpmTag.DIRINDEXES, 0, 1, 0).build();

      assertThat(record(blob).installedFiles()).containsExactly("/usr/bin/a", "/etc/a.conf", "/usr/bin/b");
    }

    @Test
    void readsTheOldWholePathList() {
      byte[] blob = new HeaderBlobBuilder().nevra("a", "1", "2", "i386")
          .strings(RpmTag.OLDFILENAMES, HeaderBlobBuilder.STRING_ARRAY, "/bin/a", "/etc/a.conf").build();

      assertThat(record(blob).installedFiles()).containsExactly("/bin/a", "/etc/a.conf");
    }

    @Test
    void keepsThePackageButNotAnInconsistentFileList() {
      byte[] pastDirnames = new HeaderBlobBuilder().nevra("a", "1", "2", "x86_64")
          .strings(RpmTag.DIRNAMES, HeaderBlobBuilder.STRING_ARRAY, "/usr/bin/")
          .strings(RpmTag.BASENAMES, HeaderBlobBuilder.STRING_ARRAY, "a")
          .int32s(RpmTag.DIRINDEXES, 1).build();
      byte[] countMismatch = new HeaderBlobBuilder().nevra("a", "1", "2", "x86_64")
          .strings(RpmTag.DIRNAMES, HeaderBlobBuilder.STRING_ARRAY, "/usr/bin/")
          .strings(RpmTag.BASENAMES, HeaderBlobBuilder.STRING_ARRAY, "a", "b")
          .int32s(RpmTag.DIRINDEXES, 0).build();

      for (byte[] blob : List.of(pastDirnames, countMismatch)) {
        List<String> warnings = new ArrayList<>();
        PackageRecord record = record(blob, warnings);
        assertThat(record.name()).isEqualTo("a");
        assertThat(record.installedFiles()).isEmpty();
        assertThat(warnings).singleElement().asString().contains("file list is left out");
      }
    }
  }

  @Nested
  class Tags {
    @Test
    void aLaterEntryReplacesAnEarlierOneLikeRpm() {
      byte[] blob = new HeaderBlobBuilder().nevra("a", "1", "2", "x86_64").string(RpmTag.VENDOR, "old")
          .string(RpmTag.VENDOR, "new").build();

      assertThat(record(blob).vendor()).contains("new");
    }

    @Test
    void anI18nStringReadsAsItsUntranslatedValue() {
      byte[] blob = new HeaderBlobBuilder().nevra("a", "1", "2", "x86_64")
          .strings(RpmTag.LICENSE, HeaderBlobBuilder.I18NSTRING, "GPLv2", "GPLv2 (de)").build();

      assertThat(record(blob).licenses()).containsExactly("GPLv2");
    }

    @Test
    void aPackageWithoutArchOrSourceHasNeither() {
      byte[] blob = new HeaderBlobBuilder().string(RpmTag.NAME, "a").string(RpmTag.VERSION, "1")
          .string(RpmTag.RELEASE, "2").build();

      PackageRecord record = record(blob);
      assertThat(record.arch()).isEmpty();
      assertThat(record.source()).isEmpty();
      assertThat(record.version()).isEqualTo("1-2");
    }

    @Test
    void theSigningKeyPseudoPackageIsNoPackage() {
      byte[] blob = new HeaderBlobBuilder().string(RpmTag.NAME, "gpg-pubkey").string(RpmTag.VERSION, "8783d481")
          .string(RpmTag.RELEASE, "63ceb953").build();

      assertThat(RpmPackages.toRecord(RpmHeader.parse(blob), w -> {})).isEmpty();
    }
  }
}
