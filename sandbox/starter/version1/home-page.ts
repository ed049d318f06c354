export function homePage(): string {
    return "<h1>Version 1</h1>";
}
