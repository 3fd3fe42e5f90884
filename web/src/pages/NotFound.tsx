import { Link } from "react-router-dom";

export default function NotFound() {
  return (
    <>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Go to the <Link to="/">Dashboard</Link> or pick a page from the menu.
      </p>
    </>
  );
}
