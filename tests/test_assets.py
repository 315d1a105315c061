from ikzmap import assets


def test_links_point_to_the_local_static_folder():
    js = assets.component_links("js")
    css = assets.component_links("css")
    assert [url for _, url in js] == ["../../app/static/vendor/leaflet/leaflet.js"]
    assert [url for _, url in css] == ["../../app/static/vendor/leaflet/leaflet.css"]


def test_assets_installed_from_the_npm_package():
    assert assets.missing_assets() == []
    text = assets.inline_text("js")
    assert "Leaflet" in text and len(text) > 100_000


def test_install_from_a_node_modules_tree(tmp_path, monkeypatch):
    source = tmp_path / "node_modules"
    for asset in assets.ASSETS:
        (source / asset.source).parent.mkdir(parents=True, exist_ok=True)
        (source / asset.source).write_text(f"/* {asset.target} */")
    for src_dir, _ in assets.ASSET_DIRS:
        (source / src_dir).mkdir(parents=True, exist_ok=True)
        (source / src_dir / "marker.png").write_bytes(b"png")
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path / "vendor")
    written = assets.install(source)
    assert [p.read_text() for p in written] == [f"/* {a.target} */" for a in assets.ASSETS]
    assert (tmp_path / "vendor" / "leaflet" / "images" / "marker.png").is_file()


def test_missing_assets_give_a_german_hint(tmp_path, monkeypatch):
    monkeypatch.setattr(assets, "VENDOR_DIR", tmp_path)
    try:
        assets.require_assets()
    except assets.MissingAssetError as err:
        assert "run-app.sh" in str(err)
    else:
        raise AssertionError("expected MissingAssetError")
