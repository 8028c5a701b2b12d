# How expected.tsv was produced (no apk tool runs on the Debian build machine): an independent
# reading of each record with P: and V:, printing name, version, arch, origin (o:) and license (L:).
# Names, versions, architectures and origins were then checked against the upstream tests' own
# expectations (osv-scalibr apk extractor_test.go, trivy apk_test.go); see README.md.
# Usage: awk -f extract-expected.awk <case>/installed > <case>/expected.tsv
BEGIN { RS = ""; FS = "\n" }
{
  p = v = a = o = l = ""
  for (i = 1; i <= NF; i++) {
    k = substr($i, 1, 2); val = substr($i, 3)
    if (k == "P:") p = val; else if (k == "V:") v = val; else if (k == "A:") a = val
    else if (k == "o:") o = val; else if (k == "L:") l = val
  }
  if (p != "" && v != "") print p "\t" v "\t" a "\t" o "\t" l
}
