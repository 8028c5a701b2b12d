package dev.bulwark.vuln.version;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ordering rules each scheme's documentation promises, one example each. */
class SchemeRulesTest {
  @ParameterizedTest(name = "{0}: {1} {2} {3}")
  @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
      dpkg     | 1.0~rc1             | <  | 1.0
      dpkg     | 1.0~~               | <  | 1.0~
      dpkg     | 1.0                 | <  | 1.0a
      dpkg     | 1.0a                | <  | 1.0+
      dpkg     | 1:0.1               | >  | 9.9
      dpkg     | 0:1.0               | =  | 1.0
      dpkg     | 1.0-1               | <  | 1.0-1+deb12u1
      dpkg     | 1.0-0               | =  | 1.0
      dpkg     | 1.99999999999999999999999 | < | 1.100000000000000000000000
      dpkg     | 1.0é                | >  | 1.0z
      dpkg     | 1.0é                | <  | 1.0.
      rpm      | 1.0~rc1             | <  | 1.0
      rpm      | 1.0^post1           | >  | 1.0
      rpm      | 1.0^post1           | <  | 1.0.1
      rpm      | 1.0a                | <  | 1.0.1
      rpm      | 1.010               | =  | 1.10
      rpm      | 1:1.0-1             | >  | 0:2.0-1
      rpm      | 1.0                 | <  | 1.0-1
      apk      | 1.0_alpha1          | <  | 1.0_beta
      apk      | 1.0_rc9             | <  | 1.0
      apk      | 1.0                 | <  | 1.0_p1
      apk      | 1.0_git1            | <  | 1.0_hg1
      apk      | 1.0-r9              | <  | 1.0-r10
      apk      | 1.0                 | <  | 1.0-r0
      apk      | 1.02                | <  | 1.1
      apk      | 1.0a                | >  | 1.0
      apk      | 1.0~abc-r1          | <  | 1.0~abd-r0
      apk      | 6.6.2p1-r0          | <  | 6.6.2p1-r1
      npm      | 1.0.0-alpha         | <  | 1.0.0-alpha.1
      npm      | 1.0.0-alpha.beta    | <  | 1.0.0-beta.2
      npm      | 1.0.0-beta.11       | >  | 1.0.0-beta.2
      npm      | 1.0.0-rc.1          | <  | 1.0.0
      npm      | v1.0.0+build.1      | =  | 1.0.0+build.2
      crates   | 1.0.0-1             | <  | 1.0.0-a
      go       | v0.0.0-20191109021931-daa7c04131f5 | < | v0.0.1
      go       | v0.0.0-20191109021931-daa7c04131f5 | > | v0.0.0-20181109021931-daa7c04131f5
      go       | v2.0.0+incompatible | =  | v2.0.0
      go       | 1.20.5              | =  | v1.20.5
      go       | v1.2                | =  | v1.2.0
      go       | not-a-version       | <  | v0.0.0-0
      maven    | 1-alpha             | <  | 1-beta
      maven    | 1-beta              | <  | 1-milestone
      maven    | 1-milestone         | <  | 1-rc
      maven    | 1-rc                | =  | 1-cr
      maven    | 1-rc                | <  | 1-SNAPSHOT
      maven    | 1-SNAPSHOT          | <  | 1
      maven    | 1                   | =  | 1.0.0-ga
      maven    | 1-final             | =  | 1-release
      maven    | 1                   | <  | 1-sp
      maven    | 1-sp                | <  | 1-foo
      maven    | 1-foo               | <  | 1-1
      maven    | 1-1                 | <  | 1.1
      maven    | 1a1                 | =  | 1-alpha-1
      maven    | 1.0.0000000000      | =  | 1
      maven    | 1.0000000000.5      | >  | 1.3.5
      pypi     | 1.0.dev0            | <  | 1.0a1
      pypi     | 1.0a1               | <  | 1.0b1
      pypi     | 1.0b1               | <  | 1.0rc1
      pypi     | 1.0c1               | =  | 1.0rc1
      pypi     | 1.0rc1              | <  | 1.0
      pypi     | 1.0                 | <  | 1.0.post1
      pypi     | 1.0                 | <  | 1.0+local
      pypi     | 1.0+abc             | <  | 1.0+1
      pypi     | 1!0.1               | >  | 2.0
      pypi     | 1.0                 | =  | 1.0.0
      pypi     | 0.1-bulbasaur       | <  | 0.0.1
      rubygems | 1.0.a               | <  | 1.0
      rubygems | 1.0.b1              | >  | 1.0.a2
      rubygems | 1.0-beta            | =  | 1.0.pre.beta
      rubygems | 1.0.0               | =  | 1
      nuget    | 1.0.0-BETA          | =  | 1.0.0-beta
      nuget    | 1.0.0               | <  | 1.0.0.1
      nuget    | 1.0.0.1-alpha       | >  | 1.0.0
      nuget    | 1.0.0-2             | <  | 1.0.0-a
      nuget    | garbage             | <  | 0.0.0-a
      nuget    | " 1.0 "             | =  | 1.0.0.0
      nuget    | 1.0.0-2147483648    | >  | 1.0.0-10000000000
      nuget    | 1.0.0--1            | <  | 1.0.0-0
      composer | 1.0.0-dev           | <  | 1.0.0-alpha1
      composer | 1.0.0-alpha1        | <  | 1.0.0-beta1
      composer | 1.0.0-beta1         | <  | 1.0.0-RC1
      composer | 1.0.0-RC1           | <  | 1.0.0
      composer | 1.0.0               | <  | 1.0.0-patch1
      composer | 1.0.0-pl1           | =  | 1.0.0-p1
      composer | v1.0                | =  | 1.0.0.0
      composer | dev-main            | <  | 0.0.1
      composer | 1.x-dev             | >  | 1.99999
      """)
  void ordersAsItsToolDoes(String scheme, String a, String op, String b) {
    VersionScheme s = VersionSchemes.named(scheme).orElseThrow();
    int expected = switch (op) {
      case "<" -> -1;
      case ">" -> 1;
      default -> 0;
    };
    assertThat(Integer.signum(s.compare(a, b))).isEqualTo(expected);
    assertThat(Integer.signum(s.compare(b, a))).isEqualTo(-expected);
  }
}
