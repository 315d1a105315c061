"""The map view: builds the folium map from cached data and returns the clicked key."""

from __future__ import annotations

from streamlit_folium import st_folium

from geo import LEVEL_NAMES
from ikzmap import mapdata, mapview
from ikzmap.ui import loaders

TOOLTIP_FIELDS = [
    mapview.TooltipField("label", "Name"),
    mapview.TooltipField("type", "Art"),
    mapview.TooltipField("erhebung", "IKZ-Erhebung"),
    mapview.TooltipField("ags", mapview.KEY_ALIAS),
]
MAP_HEIGHT = 640


def _legend_entries(level: str) -> list[mapview.LegendEntry]:
    table = loaders.unit_table(level)
    surveyed = int(table["surveyed"].sum())
    entries = [mapview.LegendEntry(mapdata.SURVEYED_FILL, "erhoben", surveyed)]
    if surveyed < len(table):
        entries.append(
            mapview.LegendEntry(
                mapdata.NOT_SURVEYED_FILL, "nicht erhoben", len(table) - surveyed, dashed=True
            )
        )
    return entries


def render_map(level: str, selected: str | None, basemap: bool) -> str | None:
    """Draw the map; return the key of the unit the user clicked (or None)."""
    fmap = mapview.new_map(loaders.geo_attribution(), basemap=basemap)
    mapview.add_choropleth(
        fmap,
        loaders.collection(level),
        mapdata.survey_styles(loaders.unit_table(level)),
        TOOLTIP_FIELDS,
        name=LEVEL_NAMES[level],
    )
    mapview.add_selection(fmap, loaders.features_by_key(level).get(selected))
    mapview.add_legend(fmap, f"{LEVEL_NAMES[level]}: IKZ-Erhebung", _legend_entries(level))
    result = st_folium(
        fmap,
        key=f"map_{level}",
        height=MAP_HEIGHT,
        use_container_width=True,
        returned_objects=["last_object_clicked_tooltip"],
    )
    return mapview.key_from_tooltip((result or {}).get("last_object_clicked_tooltip"))
