"""The shop's pre-rendered pages: every product, maker and category (and the home page) as a
complete HTML document in Hindi and English, with what crawlers and link previews read (titles,
canonical and hreflang links, Open Graph, schema.org JSON-LD), the sitemap and robots.txt.

- `text`: the site's settings and strings (written to the web bucket by the deploy step), money,
  escaping for each context;
- `structured`: JSON-LD, Open Graph and the sitemap;
- `documents`: the pages themselves, inside the storefront's shell;
- `publisher`: what a catalog change re-renders, written to the web bucket in order;
- `events`: the message a catalog change sends (the `site_pages` queue).
"""
