package browser

import (
	"context"
	"os"
	"path/filepath"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// Screenshot loads pageURL in ctx's tab with a viewport width px wide and the CSS media type
// media ("screen" or "print"), and writes a PNG of the whole page to file, creating its folder.
func Screenshot(ctx context.Context, pageURL string, width int64, media, file string) error {
	err := chromedp.Do(ctx,
		chromedp.EmulateViewport(width, 800),
		chromedp.Navigate(pageURL),
	)
	if err != nil {
		return err
	}
	if _, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{Media: media}); err != nil {
		return err
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(file), 0o755); err != nil {
		return err
	}
	return os.WriteFile(file, png, 0o644)
}
