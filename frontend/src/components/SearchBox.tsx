import { useEffect, useRef, useState } from 'react';

/**
 * A search input that reports its value `delay` ms after the user stops typing. The
 * reported value stays the source of truth: when it changes from outside (back button,
 * a link) the input follows.
 */
export function SearchBox({
  value,
  onSearch,
  label = 'Search',
  placeholder,
  delay = 300,
}: {
  value: string;
  onSearch: (value: string) => void;
  label?: string;
  placeholder?: string;
  delay?: number;
}) {
  const [text, setText] = useState(value);
  const reported = useRef(value);
  const onSearchRef = useRef(onSearch);
  useEffect(() => {
    onSearchRef.current = onSearch;
  });

  // Follow outside changes of the reported value.
  useEffect(() => {
    if (value !== reported.current) {
      reported.current = value;
      setText(value);
    }
  }, [value]);

  useEffect(() => {
    if (text === reported.current) return;
    const t = setTimeout(() => {
      reported.current = text;
      onSearchRef.current(text);
    }, delay);
    return () => clearTimeout(t);
  }, [text, delay]);

  return (
    <input
      type="search"
      className="search-input"
      aria-label={label}
      placeholder={placeholder}
      value={text}
      onChange={(e) => setText(e.target.value)}
      onKeyDown={(e) => {
        if (e.key === 'Enter' && text !== reported.current) {
          reported.current = text;
          onSearchRef.current(text);
        }
      }}
      spellCheck={false}
    />
  );
}
