#!/usr/bin/python3
# b64img — turns the benchmark's result lines into docs/performance.md.
# Copyright (C) 2026 The b64img authors
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Usage: report.py RESULTS.tsv CODEC.md INFO.txt > performance.md

RESULTS.tsv: the tab-separated lines of bench_pipelines and bench_python.py
(name w h frames runs median_fps min_fps max_fps cpu_ms bpp peak_kib
base_kib). CODEC.md: the table bench_b64codec printed (may be empty).
INFO.txt: key=value lines (machine, versions, date, command, load).
"""
import sys

ROWS = [
    # (group, case, label)
    ("Encode, I420 in", "enc-b64imgenc-i420-full",
     "I420 full range → `b64imgenc` → text"),
    ("Encode, I420 in", "enc-jpegenc-i420-full",
     "I420 full range → `jpegenc` → JPEG"),
    ("Encode, I420 in", "enc-b64imgenc-i420-limited",
     "I420 limited range → `b64imgenc` (expands the range) → text"),
    ("Encode, I420 in", "enc-jpegenc-i420-limited",
     "I420 limited range → `jpegenc` (range kept as is) → JPEG"),
    ("Encode, I420 in", "enc-b64imgenc-i420-full-t2",
     "I420 full range → `b64imgenc threads=2` → text"),
    ("Encode, I420 in", "enc-b64imgenc-i420-limited-t2",
     "I420 limited range → `b64imgenc threads=2` → text"),
    ("Encode, I420 in", "tj-enc-i420",
     "TurboJPEG alone: `tjCompressFromYUVPlanes` (full range)"),
    ("Encode, I420 in", "tjb64-enc-i420",
     "TurboJPEG + project base64 codec (the design's floor)"),
    ("Encode, I420 in", "enc-b64imgenc-i420-full-json",
     "I420 → `b64imgenc envelope=json` → JSON lines"),
    ("Encode, RGB in", "enc-b64imgenc-rgb", "RGB → `b64imgenc` → text"),
    ("Encode, RGB in", "enc-videoconvert-jpegenc-rgb",
     "RGB → `videoconvert ! video/x-raw,format=I420 ! jpegenc` → JPEG"),
    ("Encode, RGB in", "py-opencv-enc-bgr",
     "Python: `cv2.imencode` (BGR array) + `base64.b64encode`"),
    ("Encode, RGB in", "py-pil-enc-rgb",
     "Python: PIL `Image.fromarray` + `save(JPEG, quality=85)` + "
     "`b64encode`"),
    ("Encode, RGB in", "enc-b64imgenc-rgb-t2",
     "RGB → `b64imgenc threads=2` → text"),
    ("Encode, RGB in", "tj-enc-rgb", "TurboJPEG alone: `tjCompress2` (RGB)"),
    ("Encode, RGB in", "tjb64-enc-rgb",
     "TurboJPEG + project base64 codec (the design's floor)"),
    ("Decode to I420", "dec-b64imgdec-i420", "text → `b64imgdec` → I420"),
    ("Decode to I420", "dec-jpegdec-i420", "JPEG → `jpegdec` → I420"),
    ("Decode to I420", "dec-jpegdec-islow-i420",
     "JPEG → `jpegdec idct-method=islow` → I420 (TurboJPEG's default IDCT; "
     "`jpegdec`'s default is ifast)"),
    ("Decode to I420", "dec-b64imgdec-ifast-i420",
     "text → `b64imgdec idct-method=ifast` → I420 (`jpegdec`'s default "
     "IDCT)"),
    ("Decode to I420", "dec-b64imgdec-i420-t2",
     "text → `b64imgdec threads=2` → I420"),
    ("Decode to I420", "tj-dec-i420",
     "TurboJPEG alone: `tjDecompressToYUVPlanes`"),
    ("Decode to I420", "tjb64-dec-i420",
     "project base64 decode + TurboJPEG (the design's floor)"),
    ("Decode to I420", "dec-b64imgdec-json-i420",
     "JSON lines → `b64imgdec` → I420"),
    ("Decode to RGB", "dec-b64imgdec-rgb", "text → `b64imgdec` → RGB"),
    ("Decode to RGB", "dec-b64imgdec-ifast-rgb",
     "text → `b64imgdec idct-method=ifast` → RGB (`jpegdec`'s default "
     "IDCT)"),
    ("Decode to RGB", "dec-jpegdec-videoconvert-rgb",
     "JPEG → `jpegdec ! videoconvert ! video/x-raw,format=RGB`"),
    ("Decode to RGB", "py-opencv-dec-bgr",
     "Python: `base64.b64decode` + `cv2.imdecode` (to BGR)"),
    ("Decode to RGB", "py-pil-dec-rgb",
     "Python: `b64decode` + PIL `Image.open` + `load` + `np.asarray`"),
    ("Decode to RGB", "dec-b64imgdec-rgb-t2",
     "text → `b64imgdec threads=2` → RGB"),
    ("Decode to RGB", "tj-dec-rgb", "TurboJPEG alone: `tjDecompress2` (RGB)"),
    ("Decode to RGB", "tjb64-dec-rgb",
     "project base64 decode + TurboJPEG (the design's floor)"),
]

RATIOS = [
    # (label, numerator, denominator, target)
    ("`b64imgenc` / `jpegenc`, I420 full range", "enc-b64imgenc-i420-full",
     "enc-jpegenc-i420-full", 1.0),
    ("`b64imgenc` / `jpegenc`, I420 limited range",
     "enc-b64imgenc-i420-limited", "enc-jpegenc-i420-limited", 0.95),
    ("`b64imgenc` RGB / `videoconvert ! jpegenc`", "enc-b64imgenc-rgb",
     "enc-videoconvert-jpegenc-rgb", 1.5),
    ("`b64imgenc` RGB / OpenCV + base64", "enc-b64imgenc-rgb",
     "py-opencv-enc-bgr", 1.2),
    ("`b64imgenc` RGB / PIL + base64", "enc-b64imgenc-rgb", "py-pil-enc-rgb",
     None),
    ("`b64imgdec` / `jpegdec`, to I420", "dec-b64imgdec-i420",
     "dec-jpegdec-i420", 0.97),
    ("`b64imgdec` / `jpegdec`, to I420, both islow",
     "dec-b64imgdec-i420", "dec-jpegdec-islow-i420", None),
    ("`b64imgdec` / `jpegdec`, to I420, both ifast",
     "dec-b64imgdec-ifast-i420", "dec-jpegdec-i420", None),
    ("`b64imgdec` / `jpegdec ! videoconvert`, to RGB", "dec-b64imgdec-rgb",
     "dec-jpegdec-videoconvert-rgb", 1.35),
    ("`b64imgdec idct-method=ifast` / `jpegdec ! videoconvert`, to RGB "
     "(both ifast)", "dec-b64imgdec-ifast-rgb",
     "dec-jpegdec-videoconvert-rgb", None),
    ("`b64imgdec` RGB / OpenCV + base64", "dec-b64imgdec-rgb",
     "py-opencv-dec-bgr", 1.9),
    ("`b64imgdec` RGB / PIL + base64", "dec-b64imgdec-rgb", "py-pil-dec-rgb",
     None),
    ("`b64imgenc` I420 full / TurboJPEG alone", "enc-b64imgenc-i420-full",
     "tj-enc-i420", 0.95),
    ("`b64imgenc` I420 limited / TurboJPEG alone",
     "enc-b64imgenc-i420-limited", "tj-enc-i420", 0.95),
    ("`b64imgenc` RGB / TurboJPEG alone", "enc-b64imgenc-rgb", "tj-enc-rgb",
     0.95),
    ("`b64imgdec` I420 / TurboJPEG alone", "dec-b64imgdec-i420",
     "tj-dec-i420", 0.95),
    ("`b64imgdec` RGB / TurboJPEG alone", "dec-b64imgdec-rgb", "tj-dec-rgb",
     0.95),
    ("`b64imgenc` I420 full / TurboJPEG + base64", "enc-b64imgenc-i420-full",
     "tjb64-enc-i420", None),
    ("`b64imgenc envelope=json` / plain, I420 full",
     "enc-b64imgenc-i420-full-json", "enc-b64imgenc-i420-full", 0.95),
    ("`b64imgdec` JSON lines / plain lines, to I420",
     "dec-b64imgdec-json-i420", "dec-b64imgdec-i420", 0.95),
    ("`b64imgenc` RGB / TurboJPEG + base64", "enc-b64imgenc-rgb",
     "tjb64-enc-rgb", None),
    ("`b64imgdec` I420 / base64 + TurboJPEG", "dec-b64imgdec-i420",
     "tjb64-dec-i420", None),
    ("`b64imgdec` RGB / base64 + TurboJPEG", "dec-b64imgdec-rgb",
     "tjb64-dec-rgb", None),
]

THREAD_RATIOS = [
    ("`b64imgenc` I420 full, threads=2 / 1", "enc-b64imgenc-i420-full-t2",
     "enc-b64imgenc-i420-full", 1.7),
    ("`b64imgenc` I420 limited, threads=2 / 1",
     "enc-b64imgenc-i420-limited-t2", "enc-b64imgenc-i420-limited", 1.7),
    ("`b64imgenc` RGB, threads=2 / 1", "enc-b64imgenc-rgb-t2",
     "enc-b64imgenc-rgb", 1.7),
    ("`b64imgdec` I420, threads=2 / 1", "dec-b64imgdec-i420-t2",
     "dec-b64imgdec-i420", 1.7),
    ("`b64imgdec` RGB, threads=2 / 1", "dec-b64imgdec-rgb-t2",
     "dec-b64imgdec-rgb", 1.7),
]

RSS_PAIRS = [
    ("`b64imgenc` / `jpegenc`, I420 full", "enc-b64imgenc-i420-full",
     "enc-jpegenc-i420-full"),
    ("`b64imgenc` / `jpegenc`, I420 limited", "enc-b64imgenc-i420-limited",
     "enc-jpegenc-i420-limited"),
    ("`b64imgenc` RGB / `videoconvert ! jpegenc`", "enc-b64imgenc-rgb",
     "enc-videoconvert-jpegenc-rgb"),
    ("`b64imgdec` / `jpegdec`, to I420", "dec-b64imgdec-i420",
     "dec-jpegdec-i420"),
    ("`b64imgdec` / `jpegdec ! videoconvert`, to RGB", "dec-b64imgdec-rgb",
     "dec-jpegdec-videoconvert-rgb"),
]


# Issue 13: scaled decoding and fitted Huffman tables, their own section.
SCALE_ROWS = [
    ("dec-b64imgdec-rgb", "text → `b64imgdec` → RGB, full size"),
    ("dec-b64imgdec-reduce4-rgb", "text → `b64imgdec reduce=4` → RGB"),
    ("dec-b64imgdec-caps4-rgb",
     "text → `b64imgdec ! video/x-raw,format=RGB,width=W/4,height=H/4` "
     "(scale chosen from the caps)"),
    ("dec-b64imgdec-videoscale4-rgb",
     "text → `b64imgdec ! videoscale ! video/x-raw,width=W/4,height=H/4 ! "
     "videoconvert ! video/x-raw,format=RGB` (the stock way)"),
    ("dec-b64imgdec-reduce8-rgb", "text → `b64imgdec reduce=8` → RGB"),
    ("dec-b64imgdec-videoscale8-rgb",
     "text → `b64imgdec ! videoscale` to W/8 × H/8 `! videoconvert` → RGB"),
    ("dec-b64imgdec-i420", "text → `b64imgdec` → I420, full size"),
    ("dec-b64imgdec-reduce4-i420", "text → `b64imgdec reduce=4` → I420"),
    ("dec-b64imgdec-reduce8-i420", "text → `b64imgdec reduce=8` → I420"),
    ("enc-b64imgenc-i420-full", "I420 → `b64imgenc` → text"),
    ("enc-b64imgenc-i420-full-optimize",
     "I420 → `b64imgenc optimize=true` → text"),
    ("enc-b64imgenc-rgb", "RGB → `b64imgenc` → text"),
    ("enc-b64imgenc-rgb-optimize", "RGB → `b64imgenc optimize=true` → text"),
]
SCALE_RATIOS = [
    ("`reduce=4` / stock `videoscale` to 1/4, RGB",
     "dec-b64imgdec-reduce4-rgb", "dec-b64imgdec-videoscale4-rgb", 1.3),
    ("caps asking for 1/4 / stock `videoscale` to 1/4, RGB",
     "dec-b64imgdec-caps4-rgb", "dec-b64imgdec-videoscale4-rgb", 1.3),
    ("`reduce=8` / stock `videoscale` to 1/8, RGB",
     "dec-b64imgdec-reduce8-rgb", "dec-b64imgdec-videoscale8-rgb", 1.5),
    ("`reduce=4` / full size, RGB", "dec-b64imgdec-reduce4-rgb",
     "dec-b64imgdec-rgb", None),
    ("`reduce=8` / full size, RGB", "dec-b64imgdec-reduce8-rgb",
     "dec-b64imgdec-rgb", None),
    ("`reduce=4` / full size, I420", "dec-b64imgdec-reduce4-i420",
     "dec-b64imgdec-i420", None),
    ("`reduce=8` / full size, I420", "dec-b64imgdec-reduce8-i420",
     "dec-b64imgdec-i420", None),
    ("`optimize=true` / false, I420 (fps)",
     "enc-b64imgenc-i420-full-optimize", "enc-b64imgenc-i420-full", None),
    ("`optimize=true` / false, RGB (fps)", "enc-b64imgenc-rgb-optimize",
     "enc-b64imgenc-rgb", None),
]
SCALE_RSS = [
    ("`reduce=4` / full size, RGB", "dec-b64imgdec-reduce4-rgb",
     "dec-b64imgdec-rgb"),
    ("caps 1/4 / full size, RGB", "dec-b64imgdec-caps4-rgb",
     "dec-b64imgdec-rgb"),
    ("`reduce=8` / full size, RGB", "dec-b64imgdec-reduce8-rgb",
     "dec-b64imgdec-rgb"),
    ("`reduce=4` / full size, I420", "dec-b64imgdec-reduce4-i420",
     "dec-b64imgdec-i420"),
    ("`reduce=8` / full size, I420", "dec-b64imgdec-reduce8-i420",
     "dec-b64imgdec-i420"),
    ("`reduce=4` / stock `videoscale`, RGB", "dec-b64imgdec-reduce4-rgb",
     "dec-b64imgdec-videoscale4-rgb"),
]
SCALE_OPT = [
    ("I420", "enc-b64imgenc-i420-full-optimize", "enc-b64imgenc-i420-full"),
    ("RGB", "enc-b64imgenc-rgb-optimize", "enc-b64imgenc-rgb"),
]
SCALE_BEGIN = "<!-- scale section: sh .ci/bench --scale rewrites it -->"
SCALE_END = "<!-- end of scale section -->"


def pair_cells(res, sizes, a, b, cell, need="peak"):
    """One cell per size: @cell (x, y) of cases @a and @b, "–" where either
    is missing or has no positive @need."""
    out = []
    for s in sizes:
        x, y = res.get((a, s)), res.get((b, s))
        if not x or not y or x[need] <= 0 or y[need] <= 0:
            out.append("–")
        else:
            out.append(cell(x, y))
    return out


def scale_section(res, sizes, info):
    """The issue-13 rows and ratios, for the sizes that have them."""
    out = []
    w = out.append
    sizes = [s for s in sizes
             if any((c, s) in res for c, _ in SCALE_ROWS[1:6])]
    if not sizes:
        return out
    w(SCALE_BEGIN)
    w("## Scaled decoding and `optimize`")
    w("")
    w("Measured by `%s` on %s, load average %s (before / after)%s." % (
        info.get("command", "sh .ci/bench"), info.get("date", "?"),
        info.get("load", "?"), info.get("scale_note", "")))
    w("Same frames and method as above. W/4 × H/4 means ceil(W/4) × "
      "ceil(H/4), the size `reduce=4` gives (480x270 at 1080p). *Pipeline "
      "MiB* is the peak RSS the pipeline added to the process (the input "
      "frames excluded).")
    w("")
    for size in sizes:
        w("### %dx%d" % size)
        w("")
        w("| path | fps | min–max | CPU ms | bpp | pipeline MiB | "
          "frames × rounds |")
        w("|---|---:|---:|---:|---:|---:|---:|")
        for case, label in SCALE_ROWS:
            r = res.get((case, size))
            if r is None:
                continue
            bpp = "%.3f" % r["bpp"] if r["bpp"] > 0 else ""
            own = mib(r["own"]) if r["peak"] > 0 else ""
            w("| %s | %.1f | %.1f–%.1f | %.2f | %s | %s | %d × %d |" % (
                label, r["fps"], r["lo"], r["hi"], r["cpu"], bpp, own,
                r["frames"], r["runs"]))
        w("")
    head = "| ratio | " + " | ".join("%dx%d" % s for s in sizes) + \
        " | target |"
    w("Throughput ratios (wall clock; CPU time in brackets), ✔/✘ against "
      "issue 13's targets:")
    w("")
    w(head)
    w("|---|" + "---:|" * len(sizes) + "---:|")
    for label, a, b, target in SCALE_RATIOS:
        cells = [fmt_ratio(res.get((a, s)), res.get((b, s)), target)
                 for s in sizes]
        w("| %s | %s | %s |" % (label, " | ".join(cells),
                                "≥ %.2f" % target if target else ""))
    w("")
    w("Peak RSS the pipeline added, reduced / other (target ≤ 0.5 against "
      "the full-size decode); in brackets the whole process's peak "
      "(input frames included):")
    w("")
    w(head)
    w("|---|" + "---:|" * len(sizes) + "---:|")
    for label, a, b in SCALE_RSS:
        def cell(x, y, full=("full size" in label)):
            own = x["own"] / max(1, y["own"])
            mark = (" ✔" if own <= 0.5 else " ✘") if full else ""
            return "%.2f (%.2f)%s" % (own, x["peak"] / y["peak"], mark)
        cells = pair_cells(res, sizes, a, b, cell)
        w("| %s | %s | %s |" % (label, " | ".join(cells),
                                "≤ 0.50" if "full size" in label else ""))
    w("")
    w("`optimize=true`: text size against `optimize=false` (from the bits "
      "per pixel of the JPEGs; base64 keeps the ratio), target ≥ 4% smaller:")
    w("")
    w(head)
    w("|---|" + "---:|" * len(sizes) + "---:|")
    for label, a, b in SCALE_OPT:
        def cell(x, y):
            less = 100.0 * (1 - x["bpp"] / y["bpp"])
            return "%.1f%% smaller%s" % (less, " ✔" if less >= 4 else " ✘")
        cells = pair_cells(res, sizes, a, b, cell, "bpp")
        w("| %s | %s | ≥ 4%% |" % (label, " | ".join(cells)))
    w("")
    w(SCALE_END)
    w("")
    return out


def median(v):
    v = sorted(v)
    n = len(v)
    return v[n // 2] if n % 2 else (v[n // 2 - 1] + v[n // 2]) / 2


def load(path):
    """Groups the lines by (case, size): one line per round (or one line
    holding several runs); the median over them."""
    lines = {}
    sizes = []
    with open(path) as f:
        for line in f:
            p = line.rstrip("\n").split("\t")
            if len(p) != 12:
                continue
            size = (int(p[1]), int(p[2]))
            if size not in sizes:
                sizes.append(size)
            lines.setdefault((p[0], size), []).append(p)
    res = {}
    for key, ls in lines.items():
        fps = [float(p[5]) for p in ls]
        runs = sum(int(p[4]) for p in ls)
        one = len(ls) == 1
        res[key] = dict(
            frames=int(ls[0][3]), runs=runs, fps=median(fps),
            lo=float(ls[0][6]) if one else min(fps),
            hi=float(ls[0][7]) if one else max(fps),
            cpu=median([float(p[8]) for p in ls]),
            bpp=median([float(p[9]) for p in ls]),
            peak=median([int(p[10]) for p in ls]),
            base=median([int(p[11]) for p in ls]),
            own=median([int(p[10]) - int(p[11]) for p in ls]))
    return res, sizes


def mib(kib):
    return "%.1f" % (kib / 1024.0)


def fmt_ratio(num, den, target, cpu=True):
    if num is None or den is None:
        return "–"
    wall = num["fps"] / den["fps"]
    s = "%.2f" % wall
    if cpu and num["cpu"] > 0 and den["cpu"] > 0:
        s += " (%.2f)" % (den["cpu"] / num["cpu"])
    if target is not None:
        s += " ✔" if wall >= target else " ✘"
    return s


def splice_scale(doc_path, results, info_path):
    """Rewrites only the scale section of @doc_path (appended when it has
    none yet)."""
    res, sizes = load(results)
    info = {}
    for line in open(info_path):
        if "=" in line:
            k, v = line.rstrip("\n").split("=", 1)
            info[k] = v
    section = "\n".join(scale_section(res, sizes, info))
    try:
        doc = open(doc_path).read()
    except FileNotFoundError:
        doc = "# Performance\n\n"
    if SCALE_BEGIN in doc and SCALE_END in doc:
        a = doc.index(SCALE_BEGIN)
        b = doc.index(SCALE_END) + len(SCALE_END)
        doc = doc[:a] + section.rstrip("\n") + doc[b:]
    else:
        doc = doc.rstrip("\n") + "\n\n" + section
    open(doc_path, "w").write(doc)
    sys.stdout.write(section)


def main():
    if sys.argv[1] == "--splice-scale":
        splice_scale(sys.argv[2], sys.argv[3], sys.argv[4])
        return
    res, sizes = load(sys.argv[1])
    codec = open(sys.argv[2]).read().strip() if len(sys.argv) > 2 else ""
    info = {}
    if len(sys.argv) > 3:
        for line in open(sys.argv[3]):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                info[k] = v
    out = []
    w = out.append
    w("# Performance")
    w("")
    w("Measured by `%s` on %s." % (info.get("command", "sh .ci/bench"),
                                 info.get("date", "?")))
    w("")
    w("| | |")
    w("|---|---|")
    for key, label in [("cpu", "CPU"), ("cores", "cores"),
                       ("kernel", "kernel"), ("debian", "Debian"),
                       ("gstreamer", "GStreamer"),
                       ("turbojpeg", "libjpeg-turbo (TurboJPEG)"),
                       ("jpeg62", "libjpeg62-turbo (jpegenc/jpegdec, PIL, "
                        "OpenCV)"),
                       ("python", "Python, OpenCV, PIL, NumPy"),
                       ("cc", "compiler"),
                       ("b64impl", "base64 codec path"),
                       ("load", "load average before / after")]:
        if key in info:
            w("| %s | %s |" % (label, info[key]))
    w("")
    w("Frames: camera-like content made once by `bench_pipelines gen` "
      "(smooth colour gradients, soft and hard-edged shapes, band-limited "
      "surface texture, sensor noise; the scene pans from frame to frame), "
      "q85 4:2:0; *bpp* is the JPEG's bits per pixel as each encoder wrote "
      "it. The raw frames are in memory before timing and pushed from "
      "`appsrc` as buffers wrapping that memory; the sink is `fakesink "
      "sync=false`. The run is made of *rounds*; each round runs "
      "every case once, each in a process of its own (a warm-up, then "
      "*frames* timed frames), so that a change of load on the machine "
      "hits all cases alike. **fps** is the median over the rounds of "
      "the wall-clock rate, with min–max; *CPU ms* is the median process "
      "CPU time per frame (all threads), which other load on the machine "
      "disturbs less. *Peak RSS* is the process's VmHWM (reset once the "
      "input frames are loaded; median over the rounds); *pipeline* is "
      "that peak minus the RSS before the pipeline started, i.e. what the "
      "pipeline itself added. The decoders all get the same JPEGs "
      "(TurboJPEG q85 4:2:0 from the RGB frames), `b64imgdec` as one "
      "base64 line per buffer (`image/x-base64, framed=true`), `jpegdec` "
      "as `image/jpeg, parsed=true`. Python: Debian's "
      "python3-opencv/python3-pil, `cv2.setNumThreads(1)`, OpenBLAS "
      "variables unset. Everything single-threaded unless marked "
      "`threads=2`.")
    w("")
    w("Where the time goes (profiles) and why the remaining gaps are what "
      "they are: [design notes, Performance](design.md#performance).")
    w("")
    try:
        load0 = float(info.get("load", "0").split()[0])
        cores = int(info.get("cores", "1"))
    except ValueError:
        load0, cores = 0.0, 1
    if load0 > 0.5 * cores:
        w("**Caution: the machine was busy during this run** (load average "
          "%s on %d cores, other work running). The wall-clock fps and "
          "their spread are disturbed by it and the ratios between rows "
          "taken at different moments are noisy; the CPU-time columns are "
          "steadier but not immune (shared caches and memory bandwidth). "
          "Rerun `sh .ci/bench` on an idle machine for figures to quote."
          % (info["load"].split(" / ")[0], cores))
        w("")
    if not any(k[0].endswith("-t2") for k in res):
        w("No `threads=2` rows: `b64imgenc` and `b64imgdec` have no "
          "`threads` property in this build (the benchmark adds those rows "
          "by itself once they do).")
        w("")

    for size in sizes:
        w("## %dx%d" % size)
        w("")
        w("| path | fps | min–max | CPU ms | bpp | peak RSS MiB | "
          "pipeline MiB | frames × rounds |")
        w("|---|---:|---:|---:|---:|---:|---:|---:|")
        group = None
        for g, case, label in ROWS:
            r = res.get((case, size))
            if r is None:
                continue
            if g != group:
                w("| **%s** | | | | | | | |" % g)
                group = g
            bpp = "%.2f" % r["bpp"] if r["bpp"] > 0 else ""
            peak = mib(r["peak"]) if r["peak"] > 0 else ""
            own = mib(r["own"]) if r["peak"] > 0 else ""
            w("| %s | %.1f | %.1f–%.1f | %.2f | %s | %s | %s | %d × %d |" % (
                label, r["fps"], r["lo"], r["hi"], r["cpu"], bpp, peak, own,
                r["frames"], r["runs"]))
        w("")

    w("## Ratios")
    w("")
    w("Throughput ratios from the median wall-clock fps; in brackets the "
      "same ratio from CPU time per frame. ✔/✘: the wall-clock ratio "
      "against issue 5's target.")
    w("")
    head = "| ratio | " + " | ".join("%dx%d" % s for s in sizes) + \
        " | target |"
    w(head)
    w("|---|" + "---:|" * len(sizes) + "---:|")
    for label, a, b, target in RATIOS:
        cells = [fmt_ratio(res.get((a, s)), res.get((b, s)), target)
                 for s in sizes]
        if all(c == "–" for c in cells):
            continue
        w("| %s | %s | %s |" % (label, " | ".join(cells),
                                "≥ %.2f" % target if target else ""))
    for label, a, b, target in THREAD_RATIOS:
        cells = [fmt_ratio(res.get((a, s)), res.get((b, s)), target, False)
                 for s in sizes]
        if all(c == "–" for c in cells):
            continue
        w("| %s | %s | ≥ %.2f |" % (label, " | ".join(cells), target))
    w("")
    w("Peak RSS, `b64img` pipeline / matching `jpegenc`/`jpegdec` "
      "pipeline: whole process (input frames included), and in brackets "
      "what the pipeline itself added (target ≤ 1.2).")
    w("")
    w(head)
    w("|---|" + "---:|" * len(sizes) + "---:|")
    for label, a, b in RSS_PAIRS:
        def cell(x, y):
            tot = x["peak"] / y["peak"]
            return "%.2f (%.2f)%s" % (tot, x["own"] / max(1, y["own"]),
                                      " ✔" if tot <= 1.2 else " ✘")
        cells = pair_cells(res, sizes, a, b, cell)
        w("| %s | %s | ≤ 1.20 |" % (label, " | ".join(cells)))
    w("")
    bound = info.get("soak_bound", "8")
    w("## Soak")
    w("")
    w("`sh .ci/bench --soak` runs `videotestsrc pattern=ball ! 640x480 I420 "
      "! b64imgenc ! b64imgdec ! fakesink`, JPEG then PNG, for 1 M frames or "
      "an hour each, whichever comes first, sampling VmRSS every second. "
      "Bound: the RSS grows by at most **%s MiB** after the warm-up (2000 "
      "frames or 60 s), i.e. over 1 M frames less than %.1f bytes a frame. "
      "Latest figures: [robustness.md](robustness.md#soak)."
      % (bound, float(bound) * 1048576 / 1e6))
    w("")
    out.extend(scale_section(res, sizes, info))
    if codec:
        w("## The base64 codec alone")
        w("")
        w(codec)
        w("")
    sys.stdout.write("\n".join(out))


if __name__ == "__main__":
    main()
