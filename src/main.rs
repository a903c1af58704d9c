fn main() {
    floorview::start();
}
