"""Images, pure: Pillow only; no Qt, network or database.

- `loading`: `load_image` (safe decoding, EXIF rotation, RGB/RGBA) and `ImageProblem`.
- `analysis`: `analyse_image` (luminance and busyness grids, calm regions, focal point),
  `region_luminance`, `focal_crop`, WCAG `relative_luminance` and `contrast_ratio`.
- `geometry`: `Box`, relative coordinates shared with layout.
- `backgrounds`: generated backgrounds from brand colours, and their `StockSource`.
- `search_terms`: stock-photo queries from a variant's angle, facts and brand.
- `selection`: candidates across sources, ranked for a format.
- `usage`: `use_photo`, the one way an image goes into an ad (asset store + licence ledger).
"""
