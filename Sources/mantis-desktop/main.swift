import MantisDesktop

// Placeholder entrypoint; the desktop app is being built (issue 11).
print(DesktopPaths().database, NativeLibraries.summary)
