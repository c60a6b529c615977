import { mount } from "svelte";
import App from "./App.svelte";
import "./app.css";

performance.mark("ui-start");

export default mount(App, { target: document.getElementById("app")! });
