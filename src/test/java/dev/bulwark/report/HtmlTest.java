package dev.bulwark.report;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {
  @Test
  void escapesMarkupInContentAndAttributesAlike() {
    assertThat(Html.text("<a href=\"x\" title='y'>&</a>"))
        .isEqualTo("&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;");
  }

  @Test
  void neutralizesControlCharactersAndLoneSurrogates() {
    assertThat(Html.text("a\u0000b\u001bc\u0085d\ud800e\ud83d\ude00\n\t"))
        .isEqualTo("a\ufffdb\ufffdc\ufffdd\ufffde\ud83d\ude00\n\t");
  }
}
