// The site's search (macros/site/search.py): Pagefind's own UI in the header,
// its index chunks fetched from this site only. Two things are the site's own:
// a result points to the table row or section where the term weighs most (not
// the page top), and the page a result opens marks the term and scrolls to it.
(function () {
  "use strict";
  var mount = document.getElementById("nb-search");
  var here = document.currentScript && document.currentScript.src;
  if (!mount || !here) return;
  // The bundle's folder, as the page template writes it (relative to this page).
  var bundle = new URL(mount.getAttribute("data-nb-search-bundle") || "pagefind/", window.location.href);
  var root = new URL("../", bundle);
  // The top page of a province (macros/site/search.py stitched_page): the first shard's index,
  // and every other shard's merged into the same search (Pagefind's multi-site search).
  var shards = JSON.parse(mount.getAttribute("data-nb-search-shards") || "[]");
  var sites = [{ bundle: bundle, root: root }].concat(shards.slice(1).map(function (path) {
    var shard = new URL(path, window.location.href);
    return { bundle: new URL("pagefind/", shard), root: shard };
  }));
  var HIGHLIGHT = "highlight";
  // A large site's index is in parts (search.py plan_parts): the first bundle lists the others,
  // each a folder inside it (search.py part_bundle); nothing else is taken from the list.
  var PARTS_FILE = "nianbao-parts.json";
  var PART_PATH = /^parts\/[0-9]{1,3}\/$/;

  // Pagefind's UI in Chinese (its strings, our wording).
  var ZH = {
    placeholder: "搜索报告、表格行、机关",
    clear_search: "清除",
    load_more: "更多结果",
    search_label: "站内搜索",
    filters_label: "筛选",
    zero_results: "没有找到与「[SEARCH_TERM]」相关的内容",
    many_results: "找到 [COUNT] 个与「[SEARCH_TERM]」相关的页面",
    one_result: "找到 1 个与「[SEARCH_TERM]」相关的页面",
    total_zero_results: "没有找到结果",
    total_one_result: "1 个结果",
    total_many_results: "[COUNT] 个结果",
    alt_search: "没有找到「[SEARCH_TERM]」，以下是「[DIFFERENT_TERM]」的结果",
    search_suggestion: "没有找到「[SEARCH_TERM]」，请换一个词试试",
    searching: "正在搜索「[SEARCH_TERM]」……",
  };

  // Where a sub-result may point: headings (Pagefind's own rule) and the tables' row labels.
  function isTarget(anchor) {
    return anchor.id && /^(h[1-6]|th)$/i.test(anchor.element) && /\S/.test(anchor.text || "");
  }

  function words(content) {
    return content.indexOf("\u200b") >= 0 ? content.split("\u200b") : content.split(/[\r\n\s]+/g);
  }

  // Pagefind's content is escaped text; only <mark> is added, as Pagefind's own excerpts do.
  function excerpt(content, from, to, hits) {
    var all = words(content);
    var joiner = content.indexOf("\u200b") >= 0 ? "" : " ";
    var first = hits.length ? hits[0] : from;
    var start = Math.max(from, first - 12);
    var end = Math.min(to === null ? all.length : to, start + 30);
    var marked = {};
    hits.forEach(function (h) { marked[h] = true; });
    var out = [];
    for (var i = start; i < end; i++) {
      if (all[i] === undefined) break;
      out.push(marked[i] ? "<mark>" + all[i] + "</mark>" : all[i]);
    }
    return out.join(joiner).trim();
  }

  function withHash(url, id) {
    return url.split("#")[0] + (id ? "#" + encodeURIComponent(id) : "");
  }

  // The address of a part that holds the whole term: only the term is marked there, not each of its words.
  function phraseUrl(url, term, id) {
    var address = url.split("#")[0].split("?")[0];
    return address + "?" + HIGHLIGHT + "=" + encodeURIComponent(term) + (id ? "#" + encodeURIComponent(id) : "");
  }

  function compact(text) {
    return (text || "").replace(/[\s\u200b¶]+/g, "");
  }

  // A page's result, re-pointed. Pagefind splits a Chinese term into words (依申请公开: 依, 申请, 公开),
  // so the whole term decides first: a row label or heading holding it, then a part whose text holds
  // it; then the weight of the words found (row labels and headings weigh more than running text).
  function pointToRow(result) {
    var anchors = (result.anchors || []).filter(isTarget).sort(function (a, b) { return a.location - b.location; });
    if (!anchors.length) return result;
    if (anchors[0].location > 0) {
      // Words before the first anchor: the page's top is a part too.
      anchors.unshift({ element: "h1", id: "", text: (result.meta && result.meta.title) || "", location: 0 });
    }
    var input = mount.querySelector("input");
    var term = compact(input ? input.value : "");
    var all = words(result.raw_content || result.content || "");
    var parts = [];
    var section = null;
    anchors.forEach(function (anchor, i) {
      if (/^h[1-3]$/i.test(anchor.element)) section = anchor.text.replace("¶", "").trim();
      var to = i + 1 < anchors.length ? anchors[i + 1].location : null;
      var hits = (result.weighted_locations || []).filter(function (w) {
        return w.location >= anchor.location && (to === null || w.location < to);
      });
      if (!hits.length) return;
      var score = hits.reduce(function (sum, w) { return sum + w.balanced_score; }, 0);
      var label = anchor.text.replace("¶", "").trim();
      var title = anchor.element.toLowerCase() === "th" && section ? section + " › " + label : label;
      var locations = hits.map(function (w) { return w.location; });
      var text = compact(all.slice(anchor.location, to === null ? all.length : to).join(""));
      var tier = term && compact(label).indexOf(term) >= 0 ? 2 : term && text.indexOf(term) >= 0 ? 1 : 0;
      parts.push({
        title: title,
        url: tier ? phraseUrl(result.url, term, anchor.id) : withHash(result.url, anchor.id),
        anchor: anchor,
        tier: tier,
        score: score,
        locations: locations,
        weighted_locations: hits,
        excerpt: excerpt(result.raw_content || result.content || "", anchor.location, to, locations),
      });
    });
    if (!parts.length) return result;
    parts.sort(function (a, b) {
      return b.tier - a.tier || b.score - a.score || a.anchor.location - b.anchor.location;
    });
    var best = parts[0];
    // Pagefind's UI links the page title to meta.url and shows a first sub-result of that same address as
    // the page itself: so the title, the first link of the result, opens the best row or section.
    result.url = best.url;
    // Titled by page and part: 「西平街道 2024 年报告 › 二、主动公开政府信息情况 › 行政处罚」.
    var page = (result.meta && result.meta.title) || "";
    var title = best.anchor.element.toLowerCase() === "h1" || !page ? page || best.title : page + " › " + best.title;
    result.meta = Object.assign({}, result.meta, { url: best.url, title: title });
    result.excerpt = best.excerpt;
    result.sub_results = parts.slice(0, 3);
    return result;
  }

  function unavailable() {
    mount.textContent = "站内搜索暂不可用：本站尚未生成搜索索引（python -m macros search-index）。";
    mount.classList.add("nb-search--unavailable");
  }

  // The other parts of a site's index, merged with its own address; none if the list cannot be read
  // (an index written before parts existed). Revalidated, as Pagefind does its entry file: a stale
  // list would name parts a new build no longer has.
  function partsOf(site) {
    return fetch(new URL(PARTS_FILE, site.bundle), { cache: "no-cache" })
      .then(function (response) { return response.ok ? response.json() : { parts: [] }; })
      .then(function (listing) {
        var parts = Array.isArray(listing && listing.parts) ? listing.parts : [];
        return parts.filter(function (path) { return typeof path === "string" && PART_PATH.test(path); })
          .map(function (path) { return { bundlePath: new URL(path, site.bundle).pathname, baseUrl: site.root.pathname }; });
      })
      .catch(function () { return []; });
  }

  // The box is mounted at once; its index is loaded when the box is first focused (Pagefind's UI),
  // merging the bundles listed in `merged` then. The parts' lists are read meanwhile: one that comes
  // in before that joins the list; one that comes in later (the box was focused first) is merged
  // into the loaded index directly, for the searches that follow.
  function mergeParts(merged, box) {
    var focused = false;
    box.addEventListener("focus", function () { focused = true; }, true);
    sites.forEach(function (site) {
      partsOf(site).then(function (parts) {
        if (!parts.length) return;
        if (!focused) {
          Array.prototype.push.apply(merged, parts);
          return;
        }
        import(new URL("pagefind.js", bundle).href).then(function (pagefind) {
          parts.forEach(function (part) { pagefind.mergeIndex(part.bundlePath, { baseUrl: part.baseUrl }); });
        }, function () { /* no index bundle: the box says so */ });
      });
    });
  }

  function mountBox() {
    // Every other shard's own bundle; then every site's other parts, as they are read.
    var merged = sites.slice(1).map(function (site) {
      return { bundlePath: site.bundle.pathname, baseUrl: site.root.pathname };
    });
    new window.PagefindUI({
      element: "#nb-search",
      bundlePath: bundle.pathname,
      baseUrl: root.pathname,
      showSubResults: true,
      showImages: false,
      resetStyles: false,
      excerptLength: 30,
      highlightParam: HIGHLIGHT,
      focusOnSlash: true,
      translations: ZH,
      processResult: pointToRow,
      mergeIndex: merged,
      // Searched in the page, not in Pagefind's web worker (40 KB more on every first search; these small
      // chunks take milliseconds). Top level: Pagefind's UI hands the options it does not know to Pagefind.
      noWorker: true,
    });
    mergeParts(merged, mount);
    var input = mount.querySelector("input");
    // Named for screen readers by more than its placeholder and title (axe: label-title-only).
    if (input) input.setAttribute("aria-label", "站内搜索：" + ZH.placeholder);
    var toggle = document.querySelector(".nb-search__toggle");
    var box = mount.closest(".nb-search");
    // On a phone the box opens from its button (CSS shows one or the other).
    var open = function (opened) {
      box.classList.toggle("nb-search--open", opened);
      if (toggle) toggle.setAttribute("aria-expanded", String(opened));
      if (opened && input) input.focus();
    };
    if (toggle) toggle.addEventListener("click", function () { open(!box.classList.contains("nb-search--open")); });
    document.addEventListener("keydown", function (event) {
      var active = document.activeElement;
      var typing = active && (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.isContentEditable);
      if (event.key === "/" && !typing && toggle && toggle.offsetParent !== null) {
        event.preventDefault();
        open(true);
      }
    });
    if (input) {
      // Esc clears the search: the results close and the focus stays in the box (Pagefind's UI
      // would leave the focus nowhere). After the UI's own handler, hence the timeout.
      input.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") return;
        event.preventDefault();
        var wasEmpty = !input.value;
        window.setTimeout(function () {
          var clear = mount.querySelector(".pagefind-ui__search-clear");
          if (clear && input.value) clear.click();
          if (wasEmpty && box.classList.contains("nb-search--open")) {
            open(false); // a second Esc closes the phone's search, back to its button
            if (toggle) toggle.focus();
          } else {
            input.focus();
          }
        }, 0);
      });
    }
  }

  if (typeof window.PagefindUI !== "function") {
    unavailable();
  } else {
    mountBox();
  }

  // The page a result opened: mark the term (Pagefind's highlight script), then show the first mark
  // at or after the row or section the result pointed to.
  var params = new URLSearchParams(window.location.search);
  if (!params.get(HIGHLIGHT)) return;
  import(new URL("pagefind-highlight.js", bundle).href).then(function (module) {
    var Highlight = module.default || window.PagefindHighlight;
    new Highlight({ highlightParam: HIGHLIGHT, markOptions: { className: "nb-highlight" }, addStyles: false });
    var target = window.location.hash ? document.getElementById(decodeURIComponent(window.location.hash.slice(1))) : null;
    var marks = Array.prototype.slice.call(document.querySelectorAll("mark.nb-highlight")).filter(function (m) {
      return m.offsetParent !== null; // not the hidden search title
    });
    var mark = target
      ? marks.filter(function (m) {
        return target.contains(m) || (target.compareDocumentPosition(m) & Node.DOCUMENT_POSITION_FOLLOWING);
      })[0]
      : marks[0];
    if (mark) mark.scrollIntoView({ block: "center" });
  }, function () { /* no index bundle: the page reads as it is */ });
})();
