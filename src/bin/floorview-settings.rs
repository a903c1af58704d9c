fn main() {
    floorview::start_settings();
}
