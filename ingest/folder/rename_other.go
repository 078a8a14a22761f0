//go:build !linux

package folder

// renameNoReplace renames src to dest, failing with an error matching
// fs.ErrExist if dest exists (check, then rename).
func renameNoReplace(src, dest string) error {
	return renameNoReplaceFallback(src, dest)
}
